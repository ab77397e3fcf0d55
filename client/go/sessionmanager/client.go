// Package sessionmanager is a small client for the SessionManager gRPC
// service: it mints and checks short-lived function tokens and keeps
// per-session JSON metadata.
//
// Client wraps the generated stub (package sessionmanagerv1) with plain Go
// types: tokens come back with a time.Time expiry, validations as a
// Validation, and metadata as map[string]any instead of structpb.Struct.
// The generated stub stays usable on its own, and Client.Stub returns it for
// the calls the helper does not wrap.
//
// Errors are returned as the gRPC status errors the stub produces, so
// status.Code(err) and status.FromError(err) work on them. A token that does
// not validate is not an error: it is a Validation with Valid false.
package sessionmanager

import (
	"context"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	pb "sessionmanager/client/go/gen/sessionmanager/v1"
)

// Client calls a SessionManager service. It is safe for concurrent use.
type Client struct {
	stub pb.SessionManagerServiceClient
	// conn is the connection the client opened itself and closes in Close;
	// it is nil when the caller supplied the connection.
	conn *grpc.ClientConn
}

// Token is a minted function token and the time it stops validating.
type Token struct {
	Token      string
	ExpireTime time.Time
}

// Validation is the outcome of checking a token.
type Validation struct {
	// Valid is true only when the server says the token is valid and gives
	// VALIDATION_REASON_VALID as the reason, so a reason this client does not
	// know is never taken as a pass.
	Valid bool
	// Reason says why the token validated or not.
	Reason pb.ValidationReason
}

// NewClient connects to the service at target (for example
// "127.0.0.1:50051"; any grpc.NewClient target works).
//
// The connection is plaintext unless opts say otherwise: options are applied
// after the plaintext default, so passing
// grpc.WithTransportCredentials(credentials.NewTLS(cfg)) gives TLS, and
// grpc.WithPerRPCCredentials adds an authorization header to every call.
// Call Close when done.
func NewClient(target string, opts ...grpc.DialOption) (*Client, error) {
	all := append([]grpc.DialOption{
		grpc.WithTransportCredentials(insecure.NewCredentials()),
	}, opts...)
	conn, err := grpc.NewClient(target, all...)
	if err != nil {
		return nil, err
	}
	return &Client{stub: pb.NewSessionManagerServiceClient(conn), conn: conn}, nil
}

// NewClientFromConn returns a client that uses an existing connection, for
// callers that set up credentials, interceptors or load balancing
// themselves. Close does not close conn; its owner does.
func NewClientFromConn(conn grpc.ClientConnInterface) *Client {
	return &Client{stub: pb.NewSessionManagerServiceClient(conn)}
}

// Close closes the connection opened by NewClient. It does nothing for a
// client made by NewClientFromConn.
func (c *Client) Close() error {
	if c.conn == nil {
		return nil
	}
	return c.conn.Close()
}

// Stub returns the generated stub the client calls, for the RPCs the helper
// does not wrap (ValidateTokens, DebugToken, Cleanup, ...).
func (c *Client) Stub() pb.SessionManagerServiceClient {
	return c.stub
}

// CreateSession returns callID, or a new random call id from the server when
// callID is empty. The server stores nothing.
func (c *Client) CreateSession(ctx context.Context, callID string) (string, error) {
	resp, err := c.stub.CreateSession(ctx, &pb.CreateSessionRequest{CallId: callID})
	if err != nil {
		return "", err
	}
	return resp.GetCallId(), nil
}

// GenerateToken mints a token that binds functionName to callID.
func (c *Client) GenerateToken(ctx context.Context, callID, functionName string) (Token, error) {
	resp, err := c.stub.GenerateToken(ctx, &pb.GenerateTokenRequest{
		CallId:       callID,
		FunctionName: functionName,
	})
	if err != nil {
		return Token{}, err
	}
	return Token{Token: resp.GetToken(), ExpireTime: resp.GetExpireTime().AsTime()}, nil
}

// ValidateToken checks token against callID and functionName.
func (c *Client) ValidateToken(ctx context.Context, callID, functionName, token string) (Validation, error) {
	resp, err := c.stub.ValidateToken(ctx, &pb.ValidateTokenRequest{
		CallId:       callID,
		FunctionName: functionName,
		Token:        token,
	})
	if err != nil {
		return Validation{}, err
	}
	return newValidation(resp.GetValid(), resp.GetReason()), nil
}

// SetSessionMetadata merges the top-level keys of metadata into the
// session's metadata, creating the session when needed, and returns the
// metadata after the merge. Values may be anything encoding/json can encode;
// see MetadataToStruct.
func (c *Client) SetSessionMetadata(ctx context.Context, sessionID string, metadata map[string]any) (map[string]any, error) {
	s, err := MetadataToStruct(metadata)
	if err != nil {
		return nil, err
	}
	resp, err := c.stub.SetSessionMetadata(ctx, &pb.SetSessionMetadataRequest{
		SessionId: sessionID,
		Metadata:  s,
	})
	if err != nil {
		return nil, err
	}
	return MetadataFromStruct(resp.GetMetadata()), nil
}

// GetSessionMetadata returns a session's metadata; it is empty (not nil)
// when the session is unknown.
func (c *Client) GetSessionMetadata(ctx context.Context, sessionID string) (map[string]any, error) {
	resp, err := c.stub.GetSessionMetadata(ctx, &pb.GetSessionMetadataRequest{SessionId: sessionID})
	if err != nil {
		return nil, err
	}
	return MetadataFromStruct(resp.GetMetadata()), nil
}

// DeleteSessionMetadata drops a session's metadata and reports whether it
// had any.
func (c *Client) DeleteSessionMetadata(ctx context.Context, sessionID string) (bool, error) {
	resp, err := c.stub.DeleteSessionMetadata(ctx, &pb.DeleteSessionMetadataRequest{SessionId: sessionID})
	if err != nil {
		return false, err
	}
	return resp.GetExisted(), nil
}

func newValidation(valid bool, reason pb.ValidationReason) Validation {
	return Validation{
		Valid:  valid && reason == pb.ValidationReason_VALIDATION_REASON_VALID,
		Reason: reason,
	}
}
