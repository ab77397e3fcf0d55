package sessionmanager_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"log"
	"os"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"

	"sessionmanager/client/go/sessionmanager"
)

// An agent mints a token before handing out a function's URL and checks it
// when the function is called back.
func ExampleClient() {
	sessions, err := sessionmanager.NewClient("127.0.0.1:50051")
	if err != nil {
		log.Fatal(err)
	}
	defer sessions.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	callID, err := sessions.CreateSession(ctx, "")
	if err != nil {
		log.Fatal(err)
	}
	token, err := sessions.GenerateToken(ctx, callID, "get_weather")
	if err != nil {
		log.Fatal(err)
	}
	check, err := sessions.ValidateToken(ctx, callID, "get_weather", token.Token)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(check.Valid, check.Reason)

	if _, err := sessions.SetSessionMetadata(ctx, callID, map[string]any{"step": 2}); err != nil {
		log.Fatal(err)
	}
	metadata, err := sessions.GetSessionMetadata(ctx, callID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(metadata["step"])
}

// Options given to NewClient come after its plaintext default, so they can
// switch to TLS.
func ExampleNewClient_tls() {
	tls := credentials.NewClientTLSFromCert(nil, "") // the system's roots
	sessions, err := sessionmanager.NewClient("sessions.example.com:443",
		grpc.WithTransportCredentials(tls))
	if err != nil {
		log.Fatal(err)
	}
	defer sessions.Close()
}

// An agent with an API key connects over TLS, trusting the CA that signed
// the server's certificate; this one also presents a client certificate,
// for a server that requires one.
func ExampleAPIKey() {
	caPEM, err := os.ReadFile("ca.pem")
	if err != nil {
		log.Fatal(err)
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(caPEM) {
		log.Fatal("no certificate in ca.pem")
	}
	clientCert, err := tls.LoadX509KeyPair("client.pem", "client.key")
	if err != nil {
		log.Fatal(err)
	}
	config := &tls.Config{
		RootCAs:      roots,
		Certificates: []tls.Certificate{clientCert},
		MinVersion:   tls.VersionTLS12,
	}

	sessions, err := sessionmanager.NewClient("sessions.internal:50051",
		grpc.WithTransportCredentials(credentials.NewTLS(config)),
		grpc.WithPerRPCCredentials(sessionmanager.APIKey{Key: os.Getenv("SESSIONMANAGER_API_KEY")}))
	if err != nil {
		log.Fatal(err)
	}
	defer sessions.Close()
}
