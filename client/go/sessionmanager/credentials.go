package sessionmanager

import (
	"context"

	"google.golang.org/grpc/credentials"
)

// APIKey is a caller's API key as gRPC per-RPC credentials: every call made
// with it carries the header "authorization: Bearer <Key>", which is how a
// server started with --api-keys-file knows the caller. Pass it to
// NewClient (or grpc.NewClient) with grpc.WithPerRPCCredentials:
//
//	sessions, err := sessionmanager.NewClient("sessions.internal:50051",
//		grpc.WithTransportCredentials(credentials.NewTLS(tlsConfig)),
//		grpc.WithPerRPCCredentials(sessionmanager.APIKey{Key: key}))
//
// The key is sent only over TLS unless AllowInsecure is set: NewClient
// refuses an APIKey on a plaintext connection with an error rather than
// send the key in the clear.
type APIKey struct {
	// Key is the key as it appears in the server's keys file.
	Key string
	// AllowInsecure lets the key travel over a plaintext connection too,
	// for a server on the same host or behind a proxy that ends TLS.
	AllowInsecure bool
}

var _ credentials.PerRPCCredentials = APIKey{}

// GetRequestMetadata returns the authorization header; it is part of
// credentials.PerRPCCredentials.
func (k APIKey) GetRequestMetadata(context.Context, ...string) (map[string]string, error) {
	return map[string]string{"authorization": "Bearer " + k.Key}, nil
}

// RequireTransportSecurity reports whether the key may only be sent over
// TLS; it is part of credentials.PerRPCCredentials.
func (k APIKey) RequireTransportSecurity() bool {
	return !k.AllowInsecure
}
