package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/seed/cpcd"
)

// flaggedCPCDStudy writes the demo PV study pinned to the CPCD set with
// CPCD factors and CPCD-01344X0052017A (556.1 kgCO2e/kg, flagged) on line
// bom[3], and returns its path.
func flaggedCPCDStudy(t *testing.T) string {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal([]byte(cpcdYunnanStudy(t)), &doc); err != nil {
		t.Fatal(err)
	}
	doc["bom"] = append(doc["bom"].([]any),
		map[string]any{"name": "Flagged material", "quantity": 0.001, "unit": "kg", "stage": "A1", "factor": "CPCD-01344X0052017A"})
	out, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "flagged.json")
	if err := os.WriteFile(path, out, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// Ensure pcf calc warns about a CPCD factor whose flag no curator
// reviewed (the flag, its value, the peers' median), pcf factors flags
// says the loader's acknowledgements are not reviews, and pcf factors
// acknowledge reviews a flag of the published CPCD set, after which calc
// no longer warns.
func TestCLI_ReviewCPCDFlag(t *testing.T) {
	db := filepath.Join(t.TempDir(), "pcf.db")
	study := flaggedCPCDStudy(t)
	code, out, errOut := pcf(t, "calc", study, "--db", db)
	if code != 0 || !strings.Contains(out, "warning: bom[3].factor: factor CPCD-01344X0052017A has a plausibility flag that no curator has reviewed: 556.1 kgCO2e/kg") ||
		!strings.Contains(out, "median 1.7 kgCO2e/kg") {
		t.Fatalf("calc: %d %q %q", code, out, errOut)
	}
	code, out, _ = pcf(t, "factors", "flags", "--set", cpcd.SetVersion, "--db", db)
	if code != 0 || !strings.Contains(out, "NOT REVIEWED (loader)") || !strings.Contains(out, "acknowledged by the loader only, not reviewed by a curator") {
		t.Fatalf("flags: %d %q", code, out[max(0, len(out)-600):])
	}
	code, out, errOut = pcf(t, "factors", "acknowledge", "--set", cpcd.SetVersion, "--note", "checked against CPCD 01344X0052017A", "CPCD-01344X0052017A", "--db", db)
	if code != 0 || !strings.Contains(out, "reviewed by a curator") {
		t.Fatalf("acknowledge: %d %q %q", code, out[max(0, len(out)-600):], errOut)
	}
	code, out, _ = pcf(t, "calc", study, "--db", db)
	if code != 0 || strings.Contains(out, "plausibility flag") {
		t.Fatalf("calc after the review: %d %q", code, out)
	}
}
