package main

import (
	"encoding/json"
	"testing"
)

// Ensure the server refuses to issue a certificate its PDF fonts cannot
// print (the renderer's check runs inside the issue), naming the field, and
// that the refusal uses no certificate number.
func TestServe_IssueRefusesUnprintableText(t *testing.T) {
	m := MustRunMain(t)
	app, _, cert := MustApplyDemo(t, m)
	url := "http://" + m.Server.Addr().String() + "/v1/applications/" + app + "/issue"

	// U+20000 is a hanzi outside the font's CJK Unified Ideographs block.
	status, b := call(t, "POST", url, cert, `{"signatory":"张𠀀"}`)
	var e struct {
		Error struct {
			Code, Field string
		} `json:"error"`
	}
	if err := json.Unmarshal(b, &e); status != 400 || err != nil || e.Error.Code != "invalid" || e.Error.Field != "certifier.signatory" {
		t.Fatalf("unprintable signatory: %d %s", status, b)
	}

	status, b = call(t, "POST", url, cert, `{"signatory":"张三"}`)
	var out struct {
		Data struct{ Number string } `json:"data"`
	}
	if err := json.Unmarshal(b, &out); status != 201 || err != nil || out.Data.Number != "CDPCF-2026-000001" {
		t.Fatalf("issue after the refusal: %d %s", status, b)
	}
}
