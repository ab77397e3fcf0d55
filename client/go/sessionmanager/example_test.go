package sessionmanager_test

import (
	"context"
	"fmt"
	"log"
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
