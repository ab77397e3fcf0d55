package sessionmanager

import (
	"context"
	"net"
	"reflect"
	"sync"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/grpc/test/bufconn"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/structpb"
	"google.golang.org/protobuf/types/known/timestamppb"

	pb "sessionmanager/client/go/gen/sessionmanager/v1"
)

// inMemoryTarget is the target of the in-memory server; the dialer ignores it.
const inMemoryTarget = "passthrough:///in-memory"

// fakeExpiry is the expiry the fake server gives every token.
var fakeExpiry = time.Unix(1_800_000_000, 0).UTC()

// fakeServer is an in-memory stand-in for the service: its tokens are
// "callID/functionName", and it records the authorization header it sees.
type fakeServer struct {
	pb.UnimplementedSessionManagerServiceServer

	mu            sync.Mutex
	sessions      map[string]*structpb.Struct
	authorization []string
}

func (s *fakeServer) CreateSession(ctx context.Context, req *pb.CreateSessionRequest) (*pb.CreateSessionResponse, error) {
	s.recordAuthorization(ctx)
	id := req.GetCallId()
	if id == "" {
		id = "random-id"
	}
	return &pb.CreateSessionResponse{CallId: id}, nil
}

func (s *fakeServer) GenerateToken(_ context.Context, req *pb.GenerateTokenRequest) (*pb.GenerateTokenResponse, error) {
	if req.GetFunctionName() == "" {
		return nil, status.Error(codes.InvalidArgument, "function_name is empty")
	}
	return &pb.GenerateTokenResponse{
		Token:      req.GetCallId() + "/" + req.GetFunctionName(),
		ExpireTime: timestamppb.New(fakeExpiry),
	}, nil
}

func (s *fakeServer) ValidateToken(_ context.Context, req *pb.ValidateTokenRequest) (*pb.ValidateTokenResponse, error) {
	switch req.GetToken() {
	case req.GetCallId() + "/" + req.GetFunctionName():
		return &pb.ValidateTokenResponse{Valid: true, Reason: pb.ValidationReason_VALIDATION_REASON_VALID}, nil
	case "from-a-newer-server":
		// A reason this client does not know, wrongly paired with valid.
		return &pb.ValidateTokenResponse{Valid: true, Reason: pb.ValidationReason(42)}, nil
	default:
		return &pb.ValidateTokenResponse{Reason: pb.ValidationReason_VALIDATION_REASON_FUNCTION_MISMATCH}, nil
	}
}

func (s *fakeServer) SetSessionMetadata(_ context.Context, req *pb.SetSessionMetadataRequest) (*pb.SetSessionMetadataResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	stored, ok := s.sessions[req.GetSessionId()]
	if !ok {
		stored = &structpb.Struct{Fields: map[string]*structpb.Value{}}
		s.sessions[req.GetSessionId()] = stored
	}
	for key, value := range req.GetMetadata().GetFields() {
		stored.Fields[key] = value
	}
	return &pb.SetSessionMetadataResponse{
		Metadata:   proto.Clone(stored).(*structpb.Struct),
		UpdateTime: timestamppb.Now(),
	}, nil
}

func (s *fakeServer) GetSessionMetadata(_ context.Context, req *pb.GetSessionMetadataRequest) (*pb.GetSessionMetadataResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	stored := s.sessions[req.GetSessionId()]
	if stored == nil {
		stored = &structpb.Struct{}
	}
	return &pb.GetSessionMetadataResponse{Metadata: proto.Clone(stored).(*structpb.Struct)}, nil
}

func (s *fakeServer) DeleteSessionMetadata(_ context.Context, req *pb.DeleteSessionMetadataRequest) (*pb.DeleteSessionMetadataResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, existed := s.sessions[req.GetSessionId()]
	delete(s.sessions, req.GetSessionId())
	return &pb.DeleteSessionMetadataResponse{Existed: existed}, nil
}

func (s *fakeServer) recordAuthorization(ctx context.Context) {
	md, _ := metadata.FromIncomingContext(ctx)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.authorization = md.Get("authorization")
}

// serveFake serves a fakeServer in memory and returns it with the dial
// option that reaches it.
func serveFake(t *testing.T) (*fakeServer, grpc.DialOption) {
	t.Helper()
	listener := bufconn.Listen(1 << 20)
	fake := &fakeServer{sessions: map[string]*structpb.Struct{}}
	server := grpc.NewServer()
	pb.RegisterSessionManagerServiceServer(server, fake)
	go func() { _ = server.Serve(listener) }()
	t.Cleanup(server.Stop)

	dialer := grpc.WithContextDialer(func(ctx context.Context, _ string) (net.Conn, error) {
		return listener.DialContext(ctx)
	})
	return fake, dialer
}

// startFake serves a fakeServer in memory and returns a client made by
// NewClient with the given extra options.
func startFake(t *testing.T, opts ...grpc.DialOption) (*Client, *fakeServer) {
	t.Helper()
	fake, dialer := serveFake(t)
	client, err := NewClient(inMemoryTarget, append([]grpc.DialOption{dialer}, opts...)...)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	t.Cleanup(func() { _ = client.Close() })
	return client, fake
}

func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func TestClientTokens(t *testing.T) {
	client, _ := startFake(t)
	ctx := testContext(t)

	callID, err := client.CreateSession(ctx, "")
	if err != nil || callID != "random-id" {
		t.Fatalf("CreateSession(\"\") = %q, %v; want the server's id", callID, err)
	}
	token, err := client.GenerateToken(ctx, callID, "get_weather")
	if err != nil {
		t.Fatalf("GenerateToken: %v", err)
	}
	if token.Token != "random-id/get_weather" || !token.ExpireTime.Equal(fakeExpiry) {
		t.Errorf("GenerateToken = %+v", token)
	}

	checks := []struct {
		function, token string
		want            Validation
	}{
		{"get_weather", token.Token, Validation{true, pb.ValidationReason_VALIDATION_REASON_VALID}},
		{"transfer_funds", token.Token, Validation{false, pb.ValidationReason_VALIDATION_REASON_FUNCTION_MISMATCH}},
		{"get_weather", "from-a-newer-server", Validation{false, pb.ValidationReason(42)}},
	}
	for _, check := range checks {
		got, err := client.ValidateToken(ctx, callID, check.function, check.token)
		if err != nil {
			t.Fatalf("ValidateToken(%s): %v", check.function, err)
		}
		if got != check.want {
			t.Errorf("ValidateToken(%s, %s) = %+v, want %+v", check.function, check.token, got, check.want)
		}
	}

	_, err = client.GenerateToken(ctx, callID, "")
	if status.Code(err) != codes.InvalidArgument {
		t.Errorf("GenerateToken with no function: err = %v, want INVALID_ARGUMENT", err)
	}
}

func TestClientMetadata(t *testing.T) {
	client, _ := startFake(t)
	ctx := testContext(t)

	merged, err := client.SetSessionMetadata(ctx, "call-1", map[string]any{"step": 1, "tags": []string{"a"}})
	if err != nil {
		t.Fatalf("SetSessionMetadata: %v", err)
	}
	if want := map[string]any{"step": int64(1), "tags": []any{"a"}}; !reflect.DeepEqual(merged, want) {
		t.Errorf("SetSessionMetadata = %#v, want %#v", merged, want)
	}
	if _, err := client.SetSessionMetadata(ctx, "call-1", map[string]any{"step": 2}); err != nil {
		t.Fatalf("SetSessionMetadata: %v", err)
	}
	got, err := client.GetSessionMetadata(ctx, "call-1")
	if want := map[string]any{"step": int64(2), "tags": []any{"a"}}; err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("GetSessionMetadata = %#v, %v; want %#v", got, err, want)
	}

	for _, want := range []bool{true, false} {
		existed, err := client.DeleteSessionMetadata(ctx, "call-1")
		if err != nil || existed != want {
			t.Errorf("DeleteSessionMetadata = %v, %v; want %v", existed, err, want)
		}
	}
	got, err = client.GetSessionMetadata(ctx, "call-1")
	if err != nil || got == nil || len(got) != 0 {
		t.Errorf("GetSessionMetadata after delete = %#v, %v; want an empty map", got, err)
	}

	if _, err := client.SetSessionMetadata(ctx, "call-1", map[string]any{"bad": make(chan int)}); err == nil {
		t.Error("SetSessionMetadata accepted a value JSON cannot encode")
	}
}

func TestClientCallerOptions(t *testing.T) {
	// AllowInsecure only because the test server is in memory, without TLS.
	key := APIKey{Key: "secret", AllowInsecure: true}
	client, fake := startFake(t, grpc.WithPerRPCCredentials(key))
	if _, err := client.CreateSession(testContext(t), "call-1"); err != nil {
		t.Fatalf("CreateSession: %v", err)
	}
	fake.mu.Lock()
	defer fake.mu.Unlock()
	if want := []string{"Bearer secret"}; !reflect.DeepEqual(fake.authorization, want) {
		t.Errorf("authorization header = %q, want %q", fake.authorization, want)
	}
}

func TestAPIKeyNeedsTLSByDefault(t *testing.T) {
	if !(APIKey{Key: "secret"}).RequireTransportSecurity() {
		t.Error("an APIKey without AllowInsecure does not require TLS")
	}
	_, err := NewClient(inMemoryTarget, grpc.WithPerRPCCredentials(APIKey{Key: "secret"}))
	if err == nil {
		t.Error("NewClient took an APIKey on a plaintext connection")
	}
}

func TestClientFromConnLeavesConnOpen(t *testing.T) {
	_, dialer := serveFake(t)
	conn, err := grpc.NewClient(inMemoryTarget, dialer,
		grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatalf("grpc.NewClient: %v", err)
	}
	defer conn.Close()

	client := NewClientFromConn(conn)
	if err := client.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	// The connection belongs to the caller, so it still works.
	if _, err := NewClientFromConn(conn).CreateSession(testContext(t), "call-1"); err != nil {
		t.Errorf("CreateSession after Close: %v", err)
	}
}
