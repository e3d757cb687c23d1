package api_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
)

// Ensure rotating the signing key keeps old certificates verifiable (the
// retired public key stays published) while new certificates are signed
// with the new key.
func TestSigningKeyRotate(t *testing.T) {
	_, fs := MustOpenSeededFactors(t)
	st := newStack(t, fs)
	fx := st.seedFixture(t, "")
	before := MustData[verifyData](t, st.do(t, request{method: "GET", target: "/v1/certificates/" + fx.cert + "/verify"}), 200)

	rotated := MustData[struct {
		KeyID string `json:"key_id"`
	}](t, st.do(t, request{method: "POST", target: "/v1/admin/signing-keys/rotate", as: asAdmin}), 201)
	if rotated.KeyID == "" || rotated.KeyID == keyIDOf(t, before) {
		t.Fatalf("rotate gave key %q, old key %q", rotated.KeyID, keyIDOf(t, before))
	}

	// The old certificate still verifies; a new one uses the new key.
	if v := MustData[verifyData](t, st.do(t, request{method: "GET", target: "/v1/certificates/" + fx.cert + "/verify"}), 200); !v.SignatureValid || v.Status != "valid" {
		t.Fatalf("old certificate after rotation: %+v", v)
	}
	id := MustData[issueData](t, st.do(t, request{method: "POST", target: "/v1/applications/" + fx.app + "/issue", as: asCert}), 201).CertificateID
	v := MustData[verifyData](t, st.do(t, request{method: "GET", target: "/v1/certificates/" + id + "/verify"}), 200)
	if !v.SignatureValid || keyIDOf(t, v) != rotated.KeyID {
		t.Fatalf("new certificate: signature_valid=%v key=%q, want key %q", v.SignatureValid, keyIDOf(t, v), rotated.KeyID)
	}

	// Both keys are published, the old one marked retired.
	rec := st.do(t, request{method: "GET", target: "/v1/keys"})
	var jwks struct {
		Keys []struct {
			Kid     string `json:"kid"`
			Retired string `json:"retired"`
		} `json:"keys"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &jwks); err != nil {
		t.Fatal(err)
	}
	retired := map[string]bool{}
	for _, k := range jwks.Keys {
		retired[k.Kid] = k.Retired != ""
	}
	if len(jwks.Keys) != 2 || !retired[keyIDOf(t, before)] || retired[rotated.KeyID] {
		t.Fatalf("published keys: %s", rec.Body)
	}

	// Only an admin may rotate.
	MustError(t, st.do(t, request{method: "POST", target: "/v1/admin/signing-keys/rotate", as: asCert}), 403, "forbidden")
}

// keyIDOf reads the key ID from a verify answer.
func keyIDOf(t *testing.T, v verifyData) string {
	t.Helper()
	var env struct {
		KeyID string `json:"key_id"`
	}
	if err := json.Unmarshal(v.Signed, &env); err != nil {
		t.Fatalf("signed envelope: %v", err)
	}
	return env.KeyID
}

// rotatingKeys hands out the active key once and then rotates it, as a
// rotation committed between reading the key and issuing would.
type rotatingKeys struct {
	footprint.KeyService
	rotated bool
}

func (k *rotatingKeys) ActiveSigningKey(ctx context.Context) (*footprint.SigningKey, error) {
	key, err := k.KeyService.ActiveSigningKey(ctx)
	if err == nil && !k.rotated {
		k.rotated = true
		_, err = k.KeyService.RotateSigningKey(ctx)
	}
	return key, err
}

// Ensure an issue that races a key rotation still succeeds, signed with the
// new key, and verifies.
func TestIssue_KeyRotatedMeanwhile(t *testing.T) {
	_, fs := MustOpenSeededFactors(t)
	st := newStack(t, fs)
	fx := st.seedFixture(t, "")
	keys := &rotatingKeys{KeyService: st.keys}
	st.srv.KeyService = keys
	id := MustData[issueData](t, st.do(t, request{method: "POST", target: "/v1/applications/" + fx.app + "/issue", as: asCert}), 201).CertificateID
	if !keys.rotated {
		t.Fatal("the key was not rotated during the issue")
	}
	if v := MustData[verifyData](t, st.do(t, request{method: "GET", target: "/v1/certificates/" + id + "/verify"}), 200); !v.SignatureValid {
		t.Fatalf("certificate issued across a rotation does not verify: %+v", v)
	}
}
