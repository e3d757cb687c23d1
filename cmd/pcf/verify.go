package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/labels"
)

// runVerify is "pcf verify FILE.pdf [--key KEYS.json | --server URL]": it
// checks a certificate or label PDF offline against the published public
// keys (the JWKS of GET /v1/keys, saved to a file) and says exactly what is
// wrong with a tampered one. Exit status 0 means genuine.
func runVerify(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("pcf verify", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	keyFile := fs.String("key", "", "public keys: a JWKS file as served by GET /v1/keys")
	server := fs.String("server", "", "fetch the public keys from this server's /v1/keys instead")
	pos, err := interspersed(fs, args)
	if err != nil {
		return usageError("verify: " + err.Error())
	}
	if len(pos) != 1 {
		return usageError("verify: want one FILE.pdf argument")
	}
	if (*keyFile == "") == (*server == "") {
		return usageError("verify: give the public keys with --key KEYS.json (offline) or --server URL")
	}
	pdf, err := os.ReadFile(pos[0])
	if err != nil {
		return err
	}
	var jwks []byte
	if *keyFile != "" {
		if jwks, err = os.ReadFile(*keyFile); err != nil {
			return err
		}
	} else if jwks, err = fetchKeys(ctx, *server); err != nil {
		return err
	}
	keys, err := footprint.ParsePublicKeysJWKS(jwks)
	if err != nil {
		return fmt.Errorf("public keys: %w", err)
	}

	rep, err := labels.VerifyPDF(pdf, keys)
	if rep == nil {
		return fmt.Errorf("%s: %w", pos[0], err)
	}
	c := rep.Signed.Certificate
	fmt.Fprintf(stdout, "%s: certificate %s (%s)\n", pos[0], c.Number, c.ID)
	fmt.Fprintf(stdout, "  product   %s %s, model %s\n", c.Product.NameZH, c.Product.NameEN, c.Product.Model)
	fmt.Fprintf(stdout, "  footprint %s kgCO2e per %s %s\n", labels.FormatKgCO2e(c.KgCO2e), strconv.FormatFloat(c.DeclaredUnit.Amount, 'g', -1, 64), c.DeclaredUnit.Unit)
	fmt.Fprintf(stdout, "  issued    %s, valid until %s, by %s\n", c.IssuedAt.Format(time.DateOnly), c.ExpiresAt.Format(time.DateOnly), strings.TrimSpace(c.Certifier.NameZH+" "+c.Certifier.NameEN))
	if rep.Signature == nil {
		fmt.Fprintf(stdout, "  signature valid (Ed25519 key %s)\n", rep.Signed.KeyID)
	}
	for _, fc := range rep.Fields {
		if fc.OK() {
			fmt.Fprintf(stdout, "  page field %-14s matches the signed content\n", fc.Field)
		}
	}
	if err != nil {
		fmt.Fprintln(stdout, "NOT GENUINE 非真实证书:")
		for _, p := range rep.Problems() {
			fmt.Fprintln(stdout, "  -", p)
		}
		return fmt.Errorf("%s is not genuine", pos[0])
	}
	fmt.Fprintln(stdout, "GENUINE 真实: the signature verifies and the page matches the signed content.")
	fmt.Fprintln(stdout, "The live status (suspended, withdrawn, expired) is online: scan the QR code or GET", footprint.CertificateVerifyPath(c.ID))
	return nil
}

func fetchKeys(ctx context.Context, server string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimRight(server, "/")+"/v1/keys", nil)
	if err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("fetch public keys: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("fetch public keys: %s answered %s", server, resp.Status)
	}
	return io.ReadAll(io.LimitReader(resp.Body, 1<<20))
}
