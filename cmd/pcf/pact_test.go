package main

import (
	"context"
	"encoding/pem"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
	"github.com/chengdu-pcf/pcf/footprint/pact"
	"github.com/google/uuid"
)

// supplierPACTDoc is a supplier's PACT v3 footprint of a junction box,
// 4.2 kgCO2e per kilogram (test data).
func supplierPACTDoc(id, pcf string) []byte {
	return footprinttest.SupplierPACT3(id, "Active", "2025-01-01T00:00:00Z", "2027-12-31T00:00:00Z", pcf)
}

// Ensure pcf verify --study recomputes a certificate whose BOM uses a
// supplier's PACT footprint (pact:<id>): with the footprint document the
// holder received (--pact FILE) the result is reproduced bit for bit;
// without it the report asks for it; with another figure under the same id
// the result is not confirmed.
func TestVerify_StudyWithPACTSupplier(t *testing.T) {
	m := MustRunMain(t)
	_, maker, certifier := MustApplyDemo(t, m)
	base := "http://" + m.Server.Addr().String()
	const id = "5b0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	doc := supplierPACTDoc(id, "4.2")
	if status, b := call(t, "POST", base+"/v1/pact/supplier-footprints", maker, string(doc)); status != 201 {
		t.Fatalf("upload: %d %s", status, b)
	}
	body := demoStudyWithLine(t, "Module with a junction box from a PACT supplier",
		map[string]any{"name": "junction box", "quantity": 0.2, "unit": "kg", "stage": "A1", "supplier": "pact:" + id}, "GEC-DEMO-2025-000003")
	issued := mustIssue(t, base, certifier, mustApply(t, base, maker, body, ""), `{}`)

	dir := t.TempDir()
	args := recomputeArgs(t, base, issued, maker, dir)

	code, stdout, stderr := pcf(t, append(args, "--pact", writeFile(t, dir, "jb.json", doc))...)
	if code != 0 || !strings.Contains(stdout, "pact:"+id) || !strings.Contains(stdout, "RESULT CONFIRMED") {
		t.Fatalf("with the PACT footprint: exit %d\n%s%s", code, stdout, stderr)
	}
	// Without it: the report says what to give.
	if code, stdout, _ := pcf(t, args...); code != 1 || !strings.Contains(stdout, "--pact") {
		t.Fatalf("without the PACT footprint: exit %d\n%s", code, stdout)
	}
	// Another figure under the same id: the result is not the certified one.
	code, stdout, _ = pcf(t, append(args, "--pact", writeFile(t, dir, "forged.json", supplierPACTDoc(id, "2.1")))...)
	if code != 1 || !strings.Contains(stdout, "RESULT NOT CONFIRMED") {
		t.Fatalf("forged PACT footprint: exit %d\n%s", code, stdout)
	}
	// A footprint the study does not use is named.
	other := supplierPACTDoc("6b0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d", "1")
	code, stdout, _ = pcf(t, append(args, "--pact", writeFile(t, dir, "jb2.json", doc), "--pact", writeFile(t, dir, "other.json", other))...)
	if code != 1 || !strings.Contains(stdout, "6b0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d") {
		t.Fatalf("an unused PACT footprint: exit %d\n%s", code, stdout)
	}
}

// supplierPACTDocV2 is a supplier's PACT 2 footprint of a junction box in
// its version version, 4.2 kgCO2e per kilogram (test data).
func supplierPACTDocV2(id string, version int) []byte {
	return []byte(`{"id":"` + id + `","specVersion":"2.3.0","version":` + strconv.Itoa(version) + `,"created":"2025-01-15T00:00:00Z","status":"Active",
 "companyName":"Supplier AG","companyIds":["urn:pact:supplier.example:company-id:1"],"productDescription":"Junction box",
 "productIds":["urn:pact:supplier.example:product-id:JB-1"],"productNameCompany":"JB-1 junction box",
 "pcf":{"declaredUnit":"kilogram","unitaryProductAmount":"1","pCfExcludingBiogenic":"4.2","pCfIncludingBiogenic":"4.2",
  "referencePeriodStart":"2024-01-01T00:00:00Z","referencePeriodEnd":"2025-01-01T00:00:00Z"}}`)
}

// Ensure pcf verify --study checks a format-3 certificate's PACT supplier
// entries (issue 11 "In": the certificate signs the footprint's id and
// version): with the holder's supplier list and the PACT 2 document it was
// calculated with, the result is confirmed; the same footprint in another
// version (same figure, so the result digest alone cannot tell) fails,
// with the list (naming the version) and without it (the signed suppliers
// digest); a list whose PACT figure was changed fails.
func TestVerify_StudyWithPACTSupplierVersion(t *testing.T) {
	m := MustRunMain(t)
	_, maker, certifier := MustApplyDemo(t, m)
	base := "http://" + m.Server.Addr().String()
	const id = "7c0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	doc := supplierPACTDocV2(id, 3)
	if status, b := call(t, "POST", base+"/v1/pact/supplier-footprints", maker, string(doc)); status != 201 {
		t.Fatalf("upload: %d %s", status, b)
	}
	body := demoStudyWithLine(t, "Module with a junction box from a PACT 2 supplier",
		map[string]any{"name": "junction box", "quantity": 0.2, "unit": "kg", "stage": "A1", "supplier": "pact:" + id}, "GEC-DEMO-2025-000004")
	issued := mustIssue(t, base, certifier, mustApply(t, base, maker, body, ""), `{}`)

	// The holder's supplier list, as its record keeps it.
	suppliers, list := mustSupplierList(t, m, issued)
	if suppliers[0].Ref != "pact:"+id || suppliers[0].Version != 3 {
		t.Fatalf("supplier list %+v", suppliers)
	}
	dir := t.TempDir()
	args := recomputeArgs(t, base, issued, maker, dir)
	withList := append(slices.Clone(args), "--suppliers", writeFile(t, dir, "suppliers.json", list))

	code, stdout, stderr := pcf(t, append(slices.Clone(withList), "--pact", writeFile(t, dir, "jb3.json", doc))...)
	if code != 0 || !strings.Contains(stdout, "the list of 1 matches the signed suppliers digest") || !strings.Contains(stdout, "RESULT CONFIRMED") {
		t.Fatalf("with the list and the PACT footprint: exit %d\n%s%s", code, stdout, stderr)
	}
	// Without the list, the entries the document makes are checked
	// against the signed digest.
	if code, stdout, stderr := pcf(t, append(slices.Clone(args), "--pact", writeFile(t, dir, "jb3b.json", doc))...); code != 0 || !strings.Contains(stdout, "RESULT CONFIRMED") {
		t.Fatalf("with the PACT footprint only: exit %d\n%s%s", code, stdout, stderr)
	}
	// Version 4 of the same footprint, same figure: the result digest
	// matches, the signed version does not.
	v4 := writeFile(t, dir, "jb4.json", supplierPACTDocV2(id, 4))
	code, stdout, _ = pcf(t, append(slices.Clone(withList), "--pact", v4)...)
	if code != 1 || !strings.Contains(stdout, `the supplier list signs version "3", the document given has "4"`) {
		t.Fatalf("another version with the list: exit %d\n%s", code, stdout)
	}
	code, stdout, _ = pcf(t, append(slices.Clone(args), "--pact", v4)...)
	if code != 1 || !strings.Contains(stdout, "the supplier list given is not the one the certificate signs") {
		t.Fatalf("another version without the list: exit %d\n%s", code, stdout)
	}
	// A list whose PACT figure was edited is not the signed one.
	edited := slices.Clone(suppliers)
	edited[0].KgCO2e = 2.1
	forged, err := certification.MarshalSuppliers(edited)
	if err != nil {
		t.Fatal(err)
	}
	code, stdout, _ = pcf(t, append(slices.Clone(args),
		"--suppliers", writeFile(t, dir, "forged.json", forged), "--pact", writeFile(t, dir, "jb3c.json", doc))...)
	if code != 1 || !strings.Contains(stdout, "the supplier list given is not the one the certificate signs") || !strings.Contains(stdout, "kgCO2e per unit") {
		t.Fatalf("edited list: exit %d\n%s", code, stdout)
	}
}

// Ensure --pact-config loads the supplier allow-list (refusing a host that
// is not https), and that pcf serve delivers the asynchronous answers a
// previous run left pending: an answer queued in the database is posted to
// the requester's host after a restart, with no request to the server.
func TestServe_PACTSuppliersAndPendingAnswers(t *testing.T) {
	got := make(chan string, 1)
	peer := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/auth/token":
			if id, secret, ok := r.BasicAuth(); !ok || id != "pcf" || secret != "s" {
				w.WriteHeader(http.StatusUnauthorized)
				return
			}
			io.WriteString(w, `{"access_token":"t","token_type":"Bearer"}`)
		case "/3/events":
			b, _ := io.ReadAll(r.Body)
			got <- string(b)
		default:
			w.WriteHeader(http.StatusNotFound)
		}
	}))
	defer peer.Close()
	dir := t.TempDir()
	caFile := writeFile(t, dir, "peer.pem", pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: peer.Certificate().Raw}))
	db := filepath.Join(dir, "pcf.db")
	cfg := filepath.Join(dir, "pact.json")

	// A first run creates the database; the answer is left pending in it.
	m, err := runMain(t, io.Discard, io.Discard, "--init", "--db", db)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	m.Server, m.DB, m.addrURL = nil, nil, "" // closed
	store, err := factordb.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	if err := factordb.NewCertificationService(store).QueueAnswer(context.Background(), &pact.OutboxAnswer{
		ID: "ans-restart", RequestID: "req-1", Version: 3, Target: peer.URL, Type: "org.wbcsd.pact.ProductFootprint.RequestRejectedEvent.3",
		Event: []byte(`{"id":"ans-restart"}`), CreatedAt: now, Deadline: now.Add(time.Hour), NextAt: now, State: pact.AnswerPending,
	}); err != nil {
		t.Fatal(err)
	}
	if err := store.Close(); err != nil {
		t.Fatal(err)
	}

	if err := os.WriteFile(cfg, []byte(`{"callbacks":[{"url":"`+peer.URL+`","client_id":"pcf","client_secret":"s","ca_file":"`+caFile+`"}],
		"suppliers":[{"url":"https://127.0.0.1:9444","ca_file":"`+caFile+`"}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	m, err = runMain(t, io.Discard, io.Discard, "--db", db, "--pact-config", cfg)
	if err != nil {
		t.Fatal(err)
	}
	if s := m.Server.PACT.Suppliers; len(s) != 1 || s[0].URL != "https://127.0.0.1:9444" {
		t.Fatalf("suppliers %+v", s)
	}
	select {
	case b := <-got:
		if b != `{"id":"ans-restart"}` {
			t.Fatalf("delivered %s", b)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the pending answer was not delivered after the restart")
	}
	m.Close()
	m.Server, m.DB, m.addrURL = nil, nil, ""

	for _, bad := range []string{
		`{"suppliers":[{"url":"http://supplier.example"}]}`,
		`{"suppliers":[{"url":"https://supplier.example","client_secret":"x"}]}`,
	} {
		if err := os.WriteFile(cfg, []byte(bad), 0o600); err != nil {
			t.Fatal(err)
		}
		code, _, stderr := pcf(t, "serve", "--addr", "127.0.0.1:0", "--db", db, "--pact-config", cfg)
		if code != 1 || !strings.Contains(stderr, "PACT configuration") {
			t.Errorf("%s: exit %d %q", bad, code, stderr)
		}
	}
}

// Ensure pcf verify compares a recomputed result with the PACT versions
// recorded in its supplier list, as the service records them, and a
// certificate whose result was calculated before the service recorded
// them with a result without them, saying so; a digest neither matches is
// the one with the versions.
func TestRecomputation_ResultDigestPACTVersions(t *testing.T) {
	const ref = "pact:5b0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	newResult := func() *footprint.Result {
		return &footprint.Result{KgCO2e: 1, Suppliers: []*footprint.SupplierUse{{ID: ref, KgCO2e: 4.2, Unit: "kg"}}}
	}
	docs := map[string]*pact.Supplier{ref: {ID: uuid.MustParse(strings.TrimPrefix(ref, "pact:")), SpecVersion: "2.3.0", Version: 3}}
	digest := func(r *footprint.Result) string {
		d, err := r.Digest()
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	before := digest(newResult())
	recorded := newResult()
	pact.RecordSupplierVersions(recorded, docs)
	now := digest(recorded)
	if now == before {
		t.Fatal("recording the versions does not change the result")
	}
	for _, tt := range []struct {
		name, signed, want string
		said               bool
	}{
		{"recorded", now, now, false},
		{"before versions were recorded", before, before, true},
		{"neither", strings.Repeat("0", 64), now, false},
	} {
		rc := &recomputation{}
		got, err := rc.resultDigest(&certification.Certificate{ResultDigest: tt.signed}, newResult(), docs)
		if err != nil || got != tt.want {
			t.Errorf("%s: digest %s (%v), want %s", tt.name, got, err, tt.want)
		}
		said := strings.Contains(strings.Join(rc.checks, "\n"), "before results recorded")
		if said != tt.said {
			t.Errorf("%s: checks %q", tt.name, rc.checks)
		}
	}
}
