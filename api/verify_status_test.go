package api_test

import (
	"testing"
	"time"
)

// Ensure the public verify endpoint reports every live status — valid,
// suspended, superseded, withdrawn and expired — with a signature that
// still checks.
func TestCertificateVerify_EveryStatus(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	verify := func(id string) verifyData {
		t.Helper()
		return MustData[verifyData](t, st.do(t, request{method: "GET", target: "/v1/certificates/" + id + "/verify"}), 200)
	}
	decide := func(id, action, body string) *issueData {
		t.Helper()
		var out issueData
		rec := st.do(t, request{method: "POST", target: "/v1/certificates/" + id + "/" + action, as: asCert, contentType: "application/json", body: []byte(body)})
		if rec.Code/100 != 2 {
			t.Fatalf("%s: %d %s", action, rec.Code, rec.Body)
		}
		return &out
	}
	check := func(id, want string) verifyData {
		t.Helper()
		v := verify(id)
		if v.Status != want || !v.SignatureValid {
			t.Fatalf("verify %s: status=%q signature_valid=%v, want %q and a valid signature", id, v.Status, v.SignatureValid, want)
		}
		return v
	}

	check(fx.cert, "valid")
	decide(fx.cert, "suspend", `{"reasons":["surveillance audit overdue"]}`)
	check(fx.cert, "suspended")
	decide(fx.cert, "reinstate", `{"reasons":["audit passed"]}`)
	check(fx.cert, "valid")

	re := st.supersede(t, fx.issuedStudy, fx.cert, `{}`)
	if v := check(fx.cert, "superseded"); v.SupersededBy != re.CertificateID {
		t.Fatalf("superseded_by=%q, want %q", v.SupersededBy, re.CertificateID)
	}
	check(re.CertificateID, "valid")
	decide(re.CertificateID, "withdraw", `{"reasons":["product discontinued"]}`)
	check(re.CertificateID, "withdrawn")

	// A third certificate, read after its two-year validity: expired is
	// derived from the expiry date, never stored.
	study := st.submit(t, "GEC-EXPIRY-1")
	app := st.apply(t, study)
	id := MustData[issueData](t, st.do(t, request{method: "POST", target: "/v1/applications/" + app + "/issue", as: asCert}), 201).CertificateID
	check(id, "valid")
	st.clock.t.Add(int64(2*366*24*time.Hour + time.Hour))
	check(id, "expired")
	// A withdrawn certificate stays withdrawn after its expiry.
	check(re.CertificateID, "withdrawn")
}
