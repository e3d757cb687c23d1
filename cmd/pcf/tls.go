package main

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/chengdu-pcf/pcf/api"
	"github.com/chengdu-pcf/pcf/footprint/pact"
)

// DefaultTLSAddr is where pcf serve listens for HTTPS (the PACT API and
// everything else) when a TLS certificate is configured.
const DefaultTLSAddr = "127.0.0.1:8443"

// tlsFiles returns the paths of the self-signed pair kept next to the
// database.
func tlsFiles(dbPath string) (cert, key string) {
	return dbPath + ".tls-cert.pem", dbPath + ".tls-key.pem"
}

// tlsRenewBefore is how long before its expiry a certificate is warned of
// at start (tlsExpiryWarning), and the self-signed one created again.
const tlsRenewBefore = 30 * 24 * time.Hour

// selfSignedPair returns the self-signed certificate and key for local use
// kept next to the database, creating them on the first run: an ECDSA P-256
// key and a certificate for localhost, 127.0.0.1 and ::1, valid a year. The
// message says where they are, when they were created. A pair whose
// certificate has expired, or expires within tlsRenewBefore, is created
// again (red team 66: a year on, the start served the expired one).
func selfSignedPair(dbPath string, now time.Time) (certFile, keyFile, msg string, err error) {
	certFile, keyFile = tlsFiles(dbPath)
	_, errC := os.Stat(certFile)
	_, errK := os.Stat(keyFile)
	if errC == nil && errK == nil {
		if err := ownerOnlyFile(keyFile, "TLS 私钥", "the TLS key"); err != nil {
			return "", "", "", err
		}
		if pair, err := tls.LoadX509KeyPair(certFile, keyFile); err != nil || tlsExpiryWarning(certFile, pair, now) == "" {
			return certFile, keyFile, "", nil // one that does not load is named by serveTLS
		}
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return "", "", "", fmt.Errorf("self-signed TLS key: %w", err)
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return "", "", "", fmt.Errorf("self-signed TLS certificate: %w", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: "pcf serve (local, self-signed)"},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.AddDate(1, 0, 0),
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		DNSNames:              []string{"localhost"},
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return "", "", "", fmt.Errorf("self-signed TLS certificate: %w", err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return "", "", "", fmt.Errorf("self-signed TLS key: %w", err)
	}
	// A file left there (readable by others, or a link) is not written
	// through: the key goes to a new file of the owner's (red team 60's
	// admin token).
	if err := writePrivate(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER})); err != nil {
		return "", "", "", fmt.Errorf("write TLS key: %w", err)
	}
	// Nor through a link left at the certificate's place (a dangling one
	// had os.WriteFile create the file it names: reviewer 44).
	if err := writeNew(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644); err != nil {
		return "", "", "", fmt.Errorf("write TLS certificate: %w", err)
	}
	msg = fmt.Sprintf("created a self-signed TLS certificate for localhost, for local use only: %s (clients trust it with e.g. curl --cacert %s)", certFile, certFile)
	return certFile, keyFile, msg, nil
}

// pactFile is the PACT configuration file of pcf serve --pact-config.
type pactFile struct {
	// Callbacks is the allow-list of requesters' hosts that asynchronous
	// answers go to, with the credentials to present there and, if the
	// host belongs to one organisation, its name ("organization": only its
	// requests are answered there, with what holders shared with it; a
	// host without one gets the public facts only); CAFile, if set, is a
	// PEM file of certificates to trust for that host besides the
	// system's (a partner's test host, a loopback peer).
	Callbacks []struct {
		api.PACTCallback
		CAFile string `json:"ca_file"`
	} `json:"callbacks"`

	// Suppliers is the allow-list of suppliers' PACT hosts manufacturers
	// may fetch footprints from (their credentials are the
	// manufacturers', registered through the API); CAFile as above.
	Suppliers []struct {
		api.PACTHost
		CAFile string `json:"ca_file"`
	} `json:"suppliers"`
}

// loadPACTConfig reads a --pact-config file into the server's PACT
// configuration.
func loadPACTConfig(path string) (api.PACTConfig, error) {
	var cfg api.PACTConfig
	b, err := os.ReadFile(path)
	if err != nil {
		return cfg, fmt.Errorf("PACT configuration: %w", err)
	}
	var f pactFile
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return cfg, fmt.Errorf("PACT configuration %s: %w", path, err)
	}
	// A ca_file is trusted for its own entry's host only: one pool for
	// every host let whoever holds a buyer's test CA serve forged supplier
	// footprints, or take the client secrets sent to /auth/token (red team
	// 64).
	byHost := hostTransports{}
	trust := func(rawURL, caFile string) error {
		if caFile == "" {
			return nil
		}
		u, err := url.Parse(rawURL)
		if err != nil {
			return err
		}
		host := strings.ToLower(u.Host)
		if byHost[host] == nil {
			byHost[host] = pactTransport(systemRoots())
		}
		return appendCAFile(byHost[host].TLSClientConfig.RootCAs, caFile)
	}
	for i, cb := range f.Callbacks {
		if err := cb.PACTCallback.Validate(); err != nil {
			return cfg, fmt.Errorf("PACT configuration %s: callbacks[%d]: %w", path, i, err)
		}
		if err := trust(cb.URL, cb.CAFile); err != nil {
			return cfg, fmt.Errorf("PACT configuration %s: callbacks[%d].ca_file: %w", path, i, err)
		}
		cfg.Callbacks = append(cfg.Callbacks, cb.PACTCallback)
	}
	for i, h := range f.Suppliers {
		if err := pact.ValidateBaseURL("url", h.URL); err != nil {
			return cfg, fmt.Errorf("PACT configuration %s: suppliers[%d]: %w", path, i, err)
		}
		if err := trust(h.URL, h.CAFile); err != nil {
			return cfg, fmt.Errorf("PACT configuration %s: suppliers[%d].ca_file: %w", path, i, err)
		}
		cfg.Suppliers = append(cfg.Suppliers, h.PACTHost)
	}
	cfg.Client = &http.Client{Timeout: 30 * time.Second, Transport: byHost.with(pactTransport(systemRoots()))}
	return cfg, nil
}

// systemRoots returns a copy of the system's root certificates (an empty
// pool where there are none).
func systemRoots() *x509.CertPool {
	roots, err := x509.SystemCertPool()
	if err != nil || roots == nil {
		return x509.NewCertPool()
	}
	return roots
}

// pactTransport is the transport of PACT requests trusting roots.
func pactTransport(roots *x509.CertPool) *http.Transport {
	return &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12}, Proxy: http.ProxyFromEnvironment}
}

// hostTransports are the transports of the hosts that trust a ca_file of
// their own, by host (and port) as their URL names it.
type hostTransports map[string]*http.Transport

// with returns a RoundTripper sending each request through its host's
// transport, and every other host's through def (the system's roots).
func (h hostTransports) with(def *http.Transport) http.RoundTripper {
	return roundTripper(func(r *http.Request) (*http.Response, error) {
		if t := h[strings.ToLower(r.URL.Host)]; t != nil {
			return t.RoundTrip(r)
		}
		return def.RoundTrip(r)
	})
}

type roundTripper func(*http.Request) (*http.Response, error)

func (f roundTripper) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// appendCAFile adds the certificates of the PEM file path, if one is
// named, to roots.
func appendCAFile(roots *x509.CertPool, path string) error {
	if path == "" {
		return nil
	}
	pemBytes, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if !roots.AppendCertsFromPEM(pemBytes) {
		return fmt.Errorf("%s: no PEM certificate", path)
	}
	return nil
}

// serveTLS serves the server's handler over HTTPS on ln with the
// certificate pair, with the server's connection limits.
func (m *Main) serveTLS(ln net.Listener, certFile, keyFile string) error {
	pair, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return fmt.Errorf("TLS certificate %s, key %s: %w", certFile, keyFile, err)
	}
	if w := tlsExpiryWarning(certFile, pair, time.Now()); w != "" {
		fmt.Fprintln(m.Stdout, w)
	}
	m.tlsLn = ln
	m.tlsServer = m.Server.ServeTLS(ln, &tls.Config{Certificates: []tls.Certificate{pair}, MinVersion: tls.VersionTLS12})
	return nil
}

// tlsExpiryWarning returns the start's warning of the certificate of pair
// (file certFile) when now is outside its validity or within
// tlsRenewBefore of its end, else "": clients refuse an expired
// certificate, and the start said nothing (red team 66).
func tlsExpiryWarning(certFile string, pair tls.Certificate, now time.Time) string {
	c := pair.Leaf
	if c == nil {
		var err error
		if c, err = x509.ParseCertificate(pair.Certificate[0]); err != nil {
			return ""
		}
	}
	end, start := c.NotAfter.UTC().Format(time.RFC3339), c.NotBefore.UTC().Format(time.RFC3339)
	switch {
	case !now.Before(c.NotAfter):
		return fmt.Sprintf("WARNING 警告: TLS 证书 %[1]s 已于 %[2]s 过期,HTTPS 客户端(PACT 合作方)将拒绝连接:请更换证书。the TLS certificate %[1]s expired at %[2]s: HTTPS clients (the PACT API's partners) refuse it; replace it", certFile, end)
	case now.Before(c.NotBefore):
		return fmt.Sprintf("WARNING 警告: TLS 证书 %[1]s 自 %[2]s 起才生效,HTTPS 客户端将拒绝连接:请检查系统时钟或证书。the TLS certificate %[1]s is valid only from %[2]s: HTTPS clients refuse it; check the clock or the certificate", certFile, start)
	case now.Add(tlsRenewBefore).After(c.NotAfter):
		return fmt.Sprintf("WARNING 警告: TLS 证书 %[1]s 将于 %[2]s 过期:请及时更换。the TLS certificate %[1]s expires at %[2]s: replace it before then", certFile, end)
	}
	return ""
}
