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
// It serves with a self-signed certificate for 127.0.0.1 and ::1 and
// writes it (PEM) to -cert, for the caller to trust (a callback's ca_file).
// For local tests only.
package main

import (
	"encoding/pem"
	"flag"
	"log"
	"net"
	"net/http/httptest"
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
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		log.Fatal(err)
	}

	// httptest's TLS server carries the standard library's self-signed
	// certificate authority for 127.0.0.1 and ::1: what a local proxy needs,
	// without making a key pair here.
	srv := httptest.NewUnstartedServer(httputil.NewSingleHostReverseProxy(target))
	srv.Listener.Close()
	srv.Listener = ln
	srv.Config.ReadHeaderTimeout = 10 * time.Second
	srv.StartTLS()
	if err := os.WriteFile(*certOut, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o644); err != nil {
		log.Fatal(err)
	}
	log.Printf("pact-tlsproxy: %s -> %s (certificate %s)", srv.URL, target, *certOut)
	select {} // serve until killed
}
