package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/peer"
	"google.golang.org/grpc/status"

	pb "sessionmanager/client/go/gen/sessionmanager/v1"
	"sessionmanager/client/go/sessionmanager"
)

// env is a fake environment for dialOptions.
type env map[string]string

func (e env) get(name string) string { return e[name] }

// issuer is a test certificate authority.
type issuer struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
	pem  []byte
}

// newIssuer makes a self-signed CA.
func newIssuer(t *testing.T) *issuer {
	t.Helper()
	template := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "test CA"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		KeyUsage:              x509.KeyUsageCertSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	key := newKey(t)
	der, err := x509.CreateCertificate(rand.Reader, template, template, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return &issuer{cert: cert, key: key, pem: pemBlock("CERTIFICATE", der)}
}

// issue signs a leaf certificate for name (a DNS name or an IP address)
// with the given use, and returns its PEM certificate and key.
func (ca *issuer) issue(t *testing.T, name string, usage x509.ExtKeyUsage) (certPEM, keyPEM []byte) {
	t.Helper()
	template := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()),
		Subject:      pkix.Name{CommonName: name},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{usage},
	}
	if ip := net.ParseIP(name); ip != nil {
		template.IPAddresses = []net.IP{ip}
	} else {
		template.DNSNames = []string{name}
	}
	key := newKey(t)
	der, err := x509.CreateCertificate(rand.Reader, template, ca.cert, &key.PublicKey, ca.key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return pemBlock("CERTIFICATE", der), pemBlock("PRIVATE KEY", keyDER)
}

func newKey(t *testing.T) *ecdsa.PrivateKey {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return key
}

func pemBlock(kind string, der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: kind, Bytes: der})
}

// writeFile writes data to a new file in dir and returns its path.
func writeFile(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// testFiles are PEM files for the client side of a TLS connection.
type testFiles struct {
	ca, cert, key string
	issuer        *issuer
}

func newTestFiles(t *testing.T) testFiles {
	t.Helper()
	dir := t.TempDir()
	ca := newIssuer(t)
	certPEM, keyPEM := ca.issue(t, "agent", x509.ExtKeyUsageClientAuth)
	return testFiles{
		ca:     writeFile(t, dir, "ca.pem", ca.pem),
		cert:   writeFile(t, dir, "client.pem", certPEM),
		key:    writeFile(t, dir, "client.key", keyPEM),
		issuer: ca,
	}
}

func TestDialOptionsPlaintextByDefault(t *testing.T) {
	for _, e := range []env{{}, {envAPIKey: "", envCAFile: "", envCertFile: "", envKeyFile: ""}} {
		opts, err := dialOptions(e.get)
		if err != nil || len(opts) != 0 {
			t.Errorf("dialOptions(%v) = %d options, %v; want none", e, len(opts), err)
		}
	}
	opts, err := dialOptions(env{envAPIKey: "sk_test_123"}.get)
	if err != nil || len(opts) != 1 {
		t.Errorf("dialOptions with a key = %d options, %v; want 1", len(opts), err)
	}
}

func TestDialOptionsRejectsBadSettings(t *testing.T) {
	files := newTestFiles(t)
	dir := t.TempDir()
	notPEM := writeFile(t, dir, "not.pem", []byte("not a certificate\n"))
	badDER := writeFile(t, dir, "bad.pem", pemBlock("CERTIFICATE", []byte("garbage")))
	missing := filepath.Join(dir, "missing.pem")

	cases := []struct {
		name string
		env  env
		want string // in the error message
	}{
		{"cert without key", env{envCAFile: files.ca, envCertFile: files.cert}, "set both or neither"},
		{"key without cert", env{envCAFile: files.ca, envKeyFile: files.key}, "set both or neither"},
		{"client cert without CA", env{envCertFile: files.cert, envKeyFile: files.key}, envCertFile + " needs " + envCAFile},
		{"server name without CA", env{envServerName: "localhost"}, envServerName + " needs " + envCAFile},
		{"unreadable CA file", env{envCAFile: missing}, "cannot read " + envCAFile},
		{"CA file without PEM", env{envCAFile: notPEM}, "no PEM certificate"},
		{"CA file with a bad certificate", env{envCAFile: badDER}, "bad certificate"},
		{"unreadable key", env{envCAFile: files.ca, envCertFile: files.cert, envKeyFile: missing}, "cannot use client certificate"},
		{"key that is not PEM", env{envCAFile: files.ca, envCertFile: files.cert, envKeyFile: notPEM}, "cannot use client certificate"},
		{"key of another certificate", env{envCAFile: files.ca, envCertFile: files.ca, envKeyFile: files.key}, "cannot use client certificate"},
		{"key with a space", env{envAPIKey: "sk test"}, envAPIKey + " must be printable ASCII"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := dialOptions(c.env.get)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("dialOptions error = %v, want one containing %q", err, c.want)
			}
		})
	}
}

// authServer answers CreateSession over mutual TLS, and only for the API
// key "sk_test_123".
type authServer struct {
	pb.UnimplementedSessionManagerServiceServer
}

func (authServer) CreateSession(ctx context.Context, _ *pb.CreateSessionRequest) (*pb.CreateSessionResponse, error) {
	md, _ := metadata.FromIncomingContext(ctx)
	if got := md.Get("authorization"); len(got) != 1 || got[0] != "Bearer sk_test_123" {
		return nil, status.Errorf(codes.Unauthenticated, "authorization = %q", got)
	}
	p, _ := peer.FromContext(ctx)
	info, ok := p.AuthInfo.(credentials.TLSInfo)
	if !ok || len(info.State.PeerCertificates) == 0 {
		return nil, status.Error(codes.Unauthenticated, "no client certificate")
	}
	return &pb.CreateSessionResponse{CallId: info.State.PeerCertificates[0].Subject.CommonName}, nil
}

// serveMutualTLS serves authServer on a loopback port with a certificate
// for 127.0.0.1 and localhost signed by ca, requiring client certificates
// signed by ca, and returns its address.
func serveMutualTLS(t *testing.T, ca *issuer) string {
	t.Helper()
	certPEM, keyPEM := ca.issue(t, "127.0.0.1", x509.ExtKeyUsageServerAuth)
	serverCert, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		t.Fatal(err)
	}
	clients := x509.NewCertPool()
	clients.AddCert(ca.cert)
	server := grpc.NewServer(grpc.Creds(credentials.NewTLS(&tls.Config{
		Certificates: []tls.Certificate{serverCert},
		ClientCAs:    clients,
		ClientAuth:   tls.RequireAndVerifyClientCert,
		MinVersion:   tls.VersionTLS12,
	})))
	pb.RegisterSessionManagerServiceServer(server, authServer{})
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = server.Serve(listener) }()
	t.Cleanup(server.Stop)
	return listener.Addr().String()
}

func TestDialOptionsMutualTLSWithKey(t *testing.T) {
	files := newTestFiles(t)
	address := serveMutualTLS(t, files.issuer)
	full := env{
		envAPIKey:   "sk_test_123",
		envCAFile:   files.ca,
		envCertFile: files.cert,
		envKeyFile:  files.key,
	}
	with := func(changes env) env {
		e := env{}
		for name, value := range full {
			e[name] = value
		}
		for name, value := range changes {
			e[name] = value
		}
		return e
	}

	cases := []struct {
		name string
		env  env
		want codes.Code
	}{
		{"key and client certificate", full, codes.OK},
		{"wrong key", with(env{envAPIKey: "sk_wrong"}), codes.Unauthenticated},
		{"no client certificate", with(env{envCertFile: "", envKeyFile: ""}), codes.Unavailable},
		{"server name the certificate lacks", with(env{envServerName: "sessions.example.com"}), codes.Unavailable},
		{"plaintext", env{envAPIKey: "sk_test_123"}, codes.Unavailable},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			opts, err := dialOptions(c.env.get)
			if err != nil {
				t.Fatalf("dialOptions: %v", err)
			}
			client, err := sessionmanager.NewClient(address, opts...)
			if err != nil {
				t.Fatalf("NewClient: %v", err)
			}
			defer client.Close()
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()

			callID, err := client.CreateSession(ctx, "")
			if status.Code(err) != c.want {
				t.Fatalf("CreateSession = %q, %v; want code %v", callID, err, c.want)
			}
			if c.want == codes.OK && callID != "agent" {
				t.Errorf("the server saw client certificate %q, want agent", callID)
			}
		})
	}
}
