package api_test

import (
	"strings"
	"testing"
	"time"
)

// Ensure the admin's rotation with the clock set back is refused, 409,
// naming the clock in both languages, and the certificate issued before
// still verifies (red team 56). Before, the rotation retired the active key
// before the certificate it had signed: the verification answered
// signature_valid false for a genuine certificate.
func TestRedteam56_RotationWithTheClockSetBackRefused(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "rt56c")
	st.clock.t.Add(int64(-30 * 24 * time.Hour))
	e := MustError(t, st.do(t, request{method: "POST", target: "/v1/admin/signing-keys/rotate", as: asAdmin}), 409, "conflict")
	if !strings.Contains(e.Error.Message, "系统时钟早于审计记录") || !strings.Contains(e.Error.Message, "set the clock right") {
		t.Errorf("message %q: want the clock named, in Chinese and English", e.Error.Message)
	}
	v := MustData[struct {
		Status         string `json:"status"`
		SignatureValid bool   `json:"signature_valid"`
	}](t, st.do(t, request{method: "GET", target: "/v1/certificates/" + fx.cert + "/verify"}), 200)
	if v.Status != "valid" || !v.SignatureValid {
		t.Errorf("the certificate after the refused rotation: %+v, want valid with a valid signature", v)
	}
}
