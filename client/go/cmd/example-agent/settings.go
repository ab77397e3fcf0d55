package main

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"os"
	"strings"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"

	"sessionmanager/client/go/sessionmanager"
)

// The environment variables that configure the connection. An empty
// variable counts as unset.
const (
	envAPIKey     = "SESSIONMANAGER_API_KEY"
	envCAFile     = "SESSIONMANAGER_TLS_CA_FILE"
	envCertFile   = "SESSIONMANAGER_TLS_CERT_FILE"
	envKeyFile    = "SESSIONMANAGER_TLS_KEY_FILE"
	envServerName = "SESSIONMANAGER_TLS_SERVER_NAME"
)

// settingError is a bad combination of the variables, or a value that
// cannot be used.
type settingError string

func (e settingError) Error() string { return string(e) }

// dialOptions returns the options for sessionmanager.NewClient that the
// environment, read through getenv, asks for: none for a plaintext
// connection with no key. Every file named is read and checked here, so a
// bad one fails before any call.
func dialOptions(getenv func(string) string) ([]grpc.DialOption, error) {
	var opts []grpc.DialOption

	config, err := tlsConfig(getenv)
	if err != nil {
		return nil, err
	}
	if config != nil {
		opts = append(opts, grpc.WithTransportCredentials(credentials.NewTLS(config)))
	}

	if key := getenv(envAPIKey); key != "" {
		if !isToken(key) {
			return nil, settingError(envAPIKey + " must be printable ASCII without spaces")
		}
		// The key goes with every call, as the variable promises, whether
		// or not the connection uses TLS.
		opts = append(opts, grpc.WithPerRPCCredentials(
			sessionmanager.APIKey{Key: key, AllowInsecure: true}))
	}
	return opts, nil
}

// tlsConfig returns the TLS configuration the environment asks for, or nil
// for plaintext.
func tlsConfig(getenv func(string) string) (*tls.Config, error) {
	caFile := getenv(envCAFile)
	certFile, keyFile := getenv(envCertFile), getenv(envKeyFile)
	serverName := getenv(envServerName)

	if (certFile == "") != (keyFile == "") {
		return nil, settingError(envCertFile + " and " + envKeyFile + " go together: set both or neither")
	}
	if caFile == "" {
		for _, name := range []string{envCertFile, envServerName} {
			if getenv(name) != "" {
				return nil, settingError(name + " needs " + envCAFile + " (TLS is on only with a CA file)")
			}
		}
		return nil, nil
	}

	roots, err := caPool(caFile)
	if err != nil {
		return nil, err
	}
	config := &tls.Config{
		RootCAs:    roots,
		ServerName: serverName, // empty: the host part of the address
		MinVersion: tls.VersionTLS12,
	}
	if certFile != "" {
		cert, err := tls.LoadX509KeyPair(certFile, keyFile)
		if err != nil {
			return nil, fmt.Errorf("cannot use client certificate %s (%s) and key %s (%s): %w",
				certFile, envCertFile, keyFile, envKeyFile, err)
		}
		config.Certificates = []tls.Certificate{cert}
	}
	return config, nil
}

// caPool reads the PEM CA certificates in file. Unlike
// x509.CertPool.AppendCertsFromPEM it fails on a certificate it cannot
// parse instead of skipping it.
func caPool(file string) (*x509.CertPool, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", envCAFile, err)
	}
	pool := x509.NewCertPool()
	count := 0
	for {
		var block *pem.Block
		block, data = pem.Decode(data)
		if block == nil {
			break
		}
		if block.Type != "CERTIFICATE" {
			continue
		}
		cert, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("bad certificate in %s %s: %w", envCAFile, file, err)
		}
		pool.AddCert(cert)
		count++
	}
	if count == 0 {
		return nil, fmt.Errorf("no PEM certificate in %s %s", envCAFile, file)
	}
	return pool, nil
}

// isToken reports whether s is all printable ASCII other than space, the
// characters a key may have in an authorization header.
func isToken(s string) bool {
	return !strings.ContainsFunc(s, func(r rune) bool { return r <= ' ' || r > '~' })
}
