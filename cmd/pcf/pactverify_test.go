package main

import (
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/pact"
	"github.com/google/uuid"
)

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
