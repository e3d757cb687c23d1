//go:build ignore

// pact-tlsproxy serves HTTPS on a loopback address and forwards every
// request to a plain-HTTP loopback service. scripts/pact-conformance.sh
// puts it in front of the WBCSD conformance service, whose own server
// speaks plain HTTP only: the service's asynchronous PACT answers go to
// HTTPS hosts only (docs/pact.md, "Callback allow-list"), as in production,
// where the conformance service is reached over HTTPS.
//
//	go run scripts/pact-tlsproxy.go -listen 127.0.0.1:18105 -to http://127.0.0.1:18104 -cert proxy-cert.pem
//
// It creates a self-signed certificate for 127.0.0.1 and localhost and
// writes it (PEM) to -cert, for the caller to trust (a callback's ca_file).
// For local tests only.
package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"flag"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"time"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:18105", "HTTPS address to listen on (loopback)")
	to := flag.String("to", "http://127.0.0.1:18104", "plain-HTTP service to forward to")
	certOut := flag.String("cert", "pact-tlsproxy-cert.pem", "where to write the self-signed certificate (PEM)")
	flag.Parse()

	target, err := url.Parse(*to)
	if err != nil || target.Scheme != "http" || target.Host == "" {
		log.Fatalf("-to %q: want an http://host:port URL", *to)
	}
	host, _, err := net.SplitHostPort(*listen)
	if err != nil || !net.ParseIP(host).IsLoopback() {
		log.Fatalf("-listen %q: want a loopback address such as 127.0.0.1:18105", *listen)
	}

	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		log.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(time.Now().UnixNano()),
		Subject:               pkix.Name{CommonName: "pact-tlsproxy (local, self-signed)"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		DNSNames:              []string{"localhost"},
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*certOut, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644); err != nil {
		log.Fatal(err)
	}
	pair := tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}

	proxy := httputil.NewSingleHostReverseProxy(target)
	srv := &http.Server{
		Addr:              *listen,
		Handler:           proxy,
		TLSConfig:         &tls.Config{Certificates: []tls.Certificate{pair}, MinVersion: tls.VersionTLS12},
		ReadHeaderTimeout: 10 * time.Second,
	}
	log.Printf("pact-tlsproxy: https://%s -> %s (certificate %s)", *listen, target, *certOut)
	log.Fatal(srv.ListenAndServeTLS("", ""))
}
