// Command example-agent shows how a Go agent uses SessionManager.
//
// Usage:
//
//	example-agent ADDRESS
//	example-agent ADDRESS mint CALL_ID FUNCTION
//	example-agent ADDRESS validate CALL_ID FUNCTION TOKEN
//
// ADDRESS is host:port of the gRPC server. With no command the agent
// creates a session, mints a token for get_weather, validates it for
// get_weather and for transfer_funds, stores and reads back session
// metadata, and prints the results as one JSON object. "mint" prints
// {"token": ...}; "validate" prints {"valid": ..., "reason": ...} and exits 0
// whether or not the token is valid. An RPC error, bad usage or a bad
// setting prints a message on stderr and exits 2. Every call has a 10 second
// deadline.
//
// The connection is plaintext with no API key unless the environment says
// otherwise (an empty variable counts as unset):
//
//	SESSIONMANAGER_API_KEY          sent with every call as "authorization: Bearer <key>"
//	SESSIONMANAGER_TLS_CA_FILE      connect with TLS, trusting only the PEM CA certificates in this file
//	SESSIONMANAGER_TLS_CERT_FILE    a PEM client certificate (chain), for mutual TLS;
//	SESSIONMANAGER_TLS_KEY_FILE     and its PEM private key: both or neither
//	SESSIONMANAGER_TLS_SERVER_NAME  the name the server certificate must hold, instead of the host in ADDRESS
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"time"

	"google.golang.org/grpc/status"

	"sessionmanager/client/go/sessionmanager"
)

const (
	// language names this agent in its output and its session metadata.
	language = "go"
	// callTimeout is the deadline of every RPC.
	callTimeout = 10 * time.Second
	// exitFailure is the exit code for RPC errors and bad usage.
	exitFailure = 2
)

// validationJSON is a token check as printed.
type validationJSON struct {
	Function string `json:"function,omitempty"`
	Valid    bool   `json:"valid"`
	Reason   string `json:"reason"`
}

// demoJSON is the output of the default run.
type demoJSON struct {
	Language       string         `json:"language"`
	CallID         string         `json:"call_id"`
	Function       string         `json:"function"`
	Token          string         `json:"token"`
	ExpireTimeUnix int64          `json:"expire_time_unix"`
	ValidateSame   validationJSON `json:"validate_same"`
	ValidateOther  validationJSON `json:"validate_other"`
	Metadata       map[string]any `json:"metadata"`
}

// mintJSON is the output of the mint command.
type mintJSON struct {
	Token string `json:"token"`
}

func main() {
	flag.Usage = usage
	flag.Parse()
	if err := run(flag.Args()); err != nil {
		fmt.Fprintf(os.Stderr, "example-agent: %v\n", err)
		if errors.As(err, new(usageError)) {
			usage()
		}
		os.Exit(exitFailure)
	}
}

// usageError is an error in the command line.
type usageError string

func (e usageError) Error() string { return string(e) }

// run carries out the command line args (without the program name) and
// prints its result.
func run(args []string) error {
	if len(args) == 0 {
		return usageError("missing ADDRESS")
	}
	address, command := args[0], args[1:]
	if len(command) > 0 {
		switch {
		case command[0] != "mint" && command[0] != "validate":
			return usageError(fmt.Sprintf("unknown command %q", command[0]))
		case command[0] == "mint" && len(command) != 3,
			command[0] == "validate" && len(command) != 4:
			return usageError(fmt.Sprintf("wrong number of arguments for %s", command[0]))
		}
	}

	opts, err := dialOptions(os.Getenv)
	if err != nil {
		return err
	}
	client, err := sessionmanager.NewClient(address, opts...)
	if err != nil {
		return fmt.Errorf("cannot use address %q: %w", address, err)
	}
	defer client.Close()

	var result any
	switch {
	case len(command) == 0:
		result, err = demo(client)
	case command[0] == "mint":
		result, err = mint(client, command[1], command[2])
	default:
		result, err = validate(client, command[1], command[2], command[3])
	}
	if err != nil {
		return err
	}
	return printJSON(result)
}

// demo runs the whole walk-through against the service.
func demo(client *sessionmanager.Client) (*demoJSON, error) {
	const function, otherFunction = "get_weather", "transfer_funds"

	var callID string
	err := call("CreateSession", func(ctx context.Context) (err error) {
		callID, err = client.CreateSession(ctx, "")
		return err
	})
	if err != nil {
		return nil, err
	}

	var token sessionmanager.Token
	err = call("GenerateToken", func(ctx context.Context) (err error) {
		token, err = client.GenerateToken(ctx, callID, function)
		return err
	})
	if err != nil {
		return nil, err
	}

	same, err := check(client, callID, function, token.Token)
	if err != nil {
		return nil, err
	}
	other, err := check(client, callID, otherFunction, token.Token)
	if err != nil {
		return nil, err
	}
	other.Function = otherFunction

	err = call("SetSessionMetadata", func(ctx context.Context) error {
		_, err := client.SetSessionMetadata(ctx, callID, map[string]any{
			"language": language,
			"step":     2,
			"tags":     []string{"a", "b"},
		})
		return err
	})
	if err != nil {
		return nil, err
	}

	var metadata map[string]any
	err = call("GetSessionMetadata", func(ctx context.Context) (err error) {
		metadata, err = client.GetSessionMetadata(ctx, callID)
		return err
	})
	if err != nil {
		return nil, err
	}

	return &demoJSON{
		Language:       language,
		CallID:         callID,
		Function:       function,
		Token:          token.Token,
		ExpireTimeUnix: token.ExpireTime.Unix(),
		ValidateSame:   same,
		ValidateOther:  other,
		Metadata:       metadata,
	}, nil
}

// mint mints one token.
func mint(client *sessionmanager.Client, callID, function string) (*mintJSON, error) {
	var token sessionmanager.Token
	err := call("GenerateToken", func(ctx context.Context) (err error) {
		token, err = client.GenerateToken(ctx, callID, function)
		return err
	})
	if err != nil {
		return nil, err
	}
	return &mintJSON{Token: token.Token}, nil
}

// validate checks one token.
func validate(client *sessionmanager.Client, callID, function, token string) (*validationJSON, error) {
	result, err := check(client, callID, function, token)
	if err != nil {
		return nil, err
	}
	return &result, nil
}

// check validates token for callID and function.
func check(client *sessionmanager.Client, callID, function, token string) (validationJSON, error) {
	var v sessionmanager.Validation
	err := call("ValidateToken", func(ctx context.Context) (err error) {
		v, err = client.ValidateToken(ctx, callID, function, token)
		return err
	})
	if err != nil {
		return validationJSON{}, err
	}
	return validationJSON{Valid: v.Valid, Reason: v.Reason.String()}, nil
}

// call runs one RPC under its own deadline and names it in any error.
func call(name string, rpc func(ctx context.Context) error) error {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	if err := rpc(ctx); err != nil {
		if s, ok := status.FromError(err); ok {
			return fmt.Errorf("%s failed: %s: %s", name, s.Code(), s.Message())
		}
		return fmt.Errorf("%s failed: %w", name, err)
	}
	return nil
}

// printJSON writes v to stdout as one line of JSON.
func printJSON(v any) error {
	encoder := json.NewEncoder(os.Stdout)
	encoder.SetEscapeHTML(false)
	return encoder.Encode(v)
}

// usage prints the command line forms.
func usage() {
	fmt.Fprint(flag.CommandLine.Output(), `usage:
  example-agent ADDRESS
  example-agent ADDRESS mint CALL_ID FUNCTION
  example-agent ADDRESS validate CALL_ID FUNCTION TOKEN
`)
}
