package certification_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
)

// memKeys is an in-memory certification.KeyService for tests; the real one
// stores keys in bbolt (factordb).
type memKeys struct {
	mu     sync.Mutex
	now    func() time.Time
	active *certification.SigningKey
	public []certification.PublicKey
}

var _ certification.KeyService = (*memKeys)(nil)

func (m *memKeys) ActiveSigningKey(ctx context.Context) (*certification.SigningKey, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.active == nil {
		return m.rotate()
	}
	return m.active, nil
}

func (m *memKeys) RotateSigningKey(ctx context.Context) (*certification.SigningKey, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.rotate()
}

func (m *memKeys) rotate() (*certification.SigningKey, error) {
	now := m.now()
	k, err := certification.NewSigningKey(nil, now)
	if err != nil {
		return nil, err
	}
	if n := len(m.public); n > 0 {
		m.public[n-1].Retired = now
	}
	m.active = k
	m.public = append(m.public, k.PublicKey())
	return k, nil
}

func (m *memKeys) ReportCompromised(ctx context.Context, id string) (certification.PublicKey, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for i := range m.public {
		if m.public[i].ID == id {
			if m.active != nil && m.active.ID == id {
				if _, err := m.rotate(); err != nil {
					return certification.PublicKey{}, err
				}
			}
			m.public[i].Compromised = m.now()
			return m.public[i], nil
		}
	}
	return certification.PublicKey{}, footprint.Errorf(footprint.ENOTFOUND, "signing key %q not found", id)
}

func (m *memKeys) PublicKeys(ctx context.Context) ([]certification.PublicKey, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]certification.PublicKey(nil), m.public...), nil
}

// verifyReason returns the Reason of a *VerifyError, "" for nil.
func verifyReason(tb testing.TB, err error) string {
	tb.Helper()
	if err == nil {
		return ""
	}
	var ve *certification.VerifyError
	if !errors.As(err, &ve) {
		tb.Fatalf("error %v (%T) is not a *VerifyError", err, err)
	}
	if got := footprint.ErrorCode(err); got != footprint.EINVALID {
		tb.Fatalf("code=%q, want %q", got, footprint.EINVALID)
	}
	// Said in both languages where it is made: the Chinese in MessageZH,
	// the English, as clients quote it, in Message.
	han := func(r rune) bool { return unicode.Is(unicode.Han, r) }
	if !strings.ContainsFunc(ve.MessageZH, han) || strings.ContainsFunc(ve.Message, han) || ve.Message == "" {
		tb.Fatalf("%s: MessageZH %q, Message %q: want the Chinese and the English apart", ve.Reason, ve.MessageZH, ve.Message)
	}
	return ve.Reason
}

// Ensure a signed certificate verifies with its public key, and that each
// kind of tampering is reported with its own reason.
func TestVerifyCertificate(t *testing.T) {
	created := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	key := footprinttest.Key(t, "", created)
	keys := []certification.PublicKey{key.PublicKey()}

	t.Run("OK", func(t *testing.T) {
		// Ensure a genuine certificate verifies and keeps what was signed.
		c := newTestCertificate(t)
		sc := footprinttest.Sign(t, c, key)
		if err := certification.VerifyCertificate(sc, keys); err != nil {
			t.Fatal(err)
		}
		if got, want := sc.KeyID, key.ID; got != want {
			t.Fatalf("key id=%q, want %q", got, want)
		}
		if !reflect.DeepEqual(sc.Certificate, c) {
			t.Fatalf("signed certificate differs from input")
		}
	})

	t.Run("ErrTamperedContent", func(t *testing.T) {
		// Ensure changing one digit of the signed bytes breaks the signature.
		sc := footprinttest.Sign(t, newTestCertificate(t), key)
		sc.Content = bytes.Replace(sc.Content, []byte(`"kg_co2e":512`), []byte(`"kg_co2e":412`), 1)
		err := certification.VerifyCertificate(sc, keys)
		if got, want := verifyReason(t, err), certification.VerifyBadSignature; got != want {
			t.Fatalf("reason=%q (%v), want %q", got, err, want)
		}
		if got, want := err.Error(), "signature does not match content (content altered or wrong key)"; got != want {
			t.Fatalf("message=%q, want %q", got, want)
		}
	})

	t.Run("ErrTamperedField", func(t *testing.T) {
		// Ensure a shown field that differs from the signed content is named.
		sc := footprinttest.Sign(t, newTestCertificate(t), key)
		sc.Certificate.Number = "CDPCF-2026-999999"
		sc.Certificate.Holder.NameEN = "Someone Else Ltd."
		err := certification.VerifyCertificate(sc, keys)
		if got, want := verifyReason(t, err), certification.VerifyFieldMismatch; got != want {
			t.Fatalf("reason=%q (%v), want %q", got, err, want)
		}
		var ve *certification.VerifyError
		errors.As(err, &ve)
		if got, want := ve.Fields, []string{"holder", "number"}; !reflect.DeepEqual(got, want) {
			t.Fatalf("fields=%v, want %v", got, want)
		}
	})

	t.Run("ErrWrongKey", func(t *testing.T) {
		// Ensure a key set without the signing key reports the unknown key.
		sc := footprinttest.Sign(t, newTestCertificate(t), key)
		other := footprinttest.Key(t, "", created)
		err := certification.VerifyCertificate(sc, []certification.PublicKey{other.PublicKey()})
		if got, want := verifyReason(t, err), certification.VerifyUnknownKey; got != want {
			t.Fatalf("reason=%q (%v), want %q", got, err, want)
		}
		if !strings.Contains(err.Error(), key.ID) {
			t.Fatalf("message %q does not name key %s", err, key.ID)
		}
	})

	t.Run("ErrRelabelledKey", func(t *testing.T) {
		// Ensure a signature claimed by another key does not verify.
		sc := footprinttest.Sign(t, newTestCertificate(t), key)
		other := footprinttest.Key(t, "", created)
		sc.KeyID = other.ID
		err := certification.VerifyCertificate(sc, []certification.PublicKey{key.PublicKey(), other.PublicKey()})
		if got, want := verifyReason(t, err), certification.VerifyBadSignature; got != want {
			t.Fatalf("reason=%q (%v), want %q", got, err, want)
		}
	})

	t.Run("ErrTruncatedSignature", func(t *testing.T) {
		sc := footprinttest.Sign(t, newTestCertificate(t), key)
		sc.Signature = sc.Signature[:10]
		if got, want := verifyReason(t, certification.VerifyCertificate(sc, keys)), certification.VerifyMalformed; got != want {
			t.Fatalf("reason=%q, want %q", got, want)
		}
	})

	t.Run("ErrSignedGarbage", func(t *testing.T) {
		// Ensure validly signed bytes that are not a canonical certificate
		// are refused.
		msg := append([]byte(certification.CertificateSignaturePrefix), `{"format":"pcf-certificate/1"}`...)
		sc := &certification.SignedCertificate{Content: []byte(`{"format":"pcf-certificate/1"}`), KeyID: key.ID, Signature: ed25519.Sign(key.Private, msg)}
		if got, want := verifyReason(t, certification.VerifyCertificate(sc, keys)), certification.VerifyMalformed; got != want {
			t.Fatalf("reason=%q, want %q", got, want)
		}
	})
}

// mustSignedThenJune returns a key service whose first signing key was made
// on 2026-01-01, the test certificate (issued 2026-03-02) signed with it,
// and the service's clock moved on to 2026-06-01, when the tests rotate or
// report the key.
func mustSignedThenJune(t *testing.T) (*memKeys, *certification.SigningKey, *certification.SignedCertificate) {
	t.Helper()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	svc := &memKeys{now: func() time.Time { return now }}
	key, err := svc.ActiveSigningKey(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	sc := footprinttest.Sign(t, newTestCertificate(t), key)
	now = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	return svc, key, sc
}

// Ensure certificates signed before a rotation still verify with the
// retired public key, new ones verify with the new key, and a certificate
// claiming an issue time after its key's retirement is refused.
func TestVerifyCertificate_RotatedKey(t *testing.T) {
	ctx := context.Background()
	svc, oldKey, oldCert := mustSignedThenJune(t)
	newKey, err := svc.RotateSigningKey(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if newKey.ID == oldKey.ID {
		t.Fatal("rotation kept the key")
	}
	if active, _ := svc.ActiveSigningKey(ctx); active.ID != newKey.ID {
		t.Fatalf("active key=%s, want %s", active.ID, newKey.ID)
	}
	c := newTestCertificate(t)
	c.IssuedAt = time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	c.ExpiresAt = certification.CertificateExpiry(c.IssuedAt, 0)
	newCert := footprinttest.Sign(t, c, newKey)

	keys, err := svc.PublicKeys(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(keys), 2; got != want {
		t.Fatalf("%d public keys, want %d", got, want)
	}
	if keys[0].Retired.IsZero() || !keys[1].Retired.IsZero() {
		t.Fatalf("want the old key retired and the new one active: %+v", keys)
	}
	for name, sc := range map[string]*certification.SignedCertificate{"old": oldCert, "new": newCert} {
		if err := certification.VerifyCertificate(sc, keys); err != nil {
			t.Errorf("%s certificate: %v", name, err)
		}
	}

	// The retired key signing something dated after its retirement (a
	// leaked old key, say) is refused.
	forged := footprinttest.Sign(t, c, oldKey)
	err = certification.VerifyCertificate(forged, keys)
	if got, want := verifyReason(t, err), certification.VerifyKeyRetired; got != want {
		t.Fatalf("reason=%q (%v), want %q", got, err, want)
	}
}

// Ensure the envelope embeds the content byte for byte and parses back.
func TestSignedCertificate_MarshalEnvelope(t *testing.T) {
	key := footprinttest.Key(t, "", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	sc := footprinttest.Sign(t, newTestCertificate(t), key)
	env, err := sc.MarshalEnvelope()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(env, sc.Content) || !json.Valid(env) {
		t.Fatalf("envelope does not embed the content: %s", env)
	}
	got, err := certification.ParseSignedCertificate(env)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, sc) {
		t.Fatalf("round trip differs:\n got %+v\nwant %+v", got, sc)
	}
	if err := certification.VerifyCertificate(got, []certification.PublicKey{key.PublicKey()}); err != nil {
		t.Fatal(err)
	}

	t.Run("ErrReformatted", func(t *testing.T) {
		// Ensure a pretty-printed envelope (content no longer canonical) is
		// refused rather than silently re-encoded.
		var buf bytes.Buffer
		if err := json.Indent(&buf, env, "", "  "); err != nil {
			t.Fatal(err)
		}
		_, err := certification.ParseSignedCertificate(buf.Bytes())
		if err == nil || !strings.Contains(err.Error(), "canonical") {
			t.Fatalf("err=%v, want a canonical-form error", err)
		}
	})
	t.Run("ErrAlgorithm", func(t *testing.T) {
		_, err := certification.ParseSignedCertificate(bytes.Replace(env, []byte(`"Ed25519"`), []byte(`"RS256"`), 1))
		if got := footprint.ErrorField(err); got != "algorithm" {
			t.Fatalf("field=%q (%v), want algorithm", got, err)
		}
	})
}

// Ensure public keys round-trip through a JWK Set in the RFC 8037 form.
func TestPublicKeysJWKS(t *testing.T) {
	k1 := footprinttest.Key(t, "", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)).PublicKey()
	k1.Retired = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	k2 := footprinttest.Key(t, "", time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)).PublicKey()
	b, err := certification.PublicKeysJWKS([]certification.PublicKey{k1, k2})
	if err != nil {
		t.Fatal(err)
	}
	var set struct {
		Keys []map[string]string `json:"keys"`
	}
	if err := json.Unmarshal(b, &set); err != nil {
		t.Fatal(err)
	}
	if got, want := len(set.Keys), 2; got != want {
		t.Fatalf("%d keys, want %d", got, want)
	}
	j := set.Keys[0]
	if j["kty"] != "OKP" || j["crv"] != "Ed25519" || j["kid"] != k1.ID || j["x"] != base64.RawURLEncoding.EncodeToString(k1.Key) {
		t.Fatalf("jwk=%v", j)
	}
	got, err := certification.ParsePublicKeysJWKS(b)
	if err != nil {
		t.Fatal(err)
	}
	if want := []certification.PublicKey{k1, k2}; !reflect.DeepEqual(got, want) {
		t.Fatalf("round trip:\n got %+v\nwant %+v", got, want)
	}

	t.Run("SingleJWK", func(t *testing.T) {
		one, _ := json.Marshal(set.Keys[1])
		got, err := certification.ParsePublicKeysJWKS(one)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].ID != k2.ID {
			t.Fatalf("got %+v", got)
		}
	})
	t.Run("SkipsOtherKeyTypes", func(t *testing.T) {
		mixed := `{"keys":[{"kty":"RSA","n":"x","e":"AQAB","kid":"r"},` + string(b[len(`{"keys":[`):])
		got, err := certification.ParsePublicKeysJWKS([]byte(mixed))
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 {
			t.Fatalf("got %d keys, want 2", len(got))
		}
	})
	t.Run("ErrKidMismatch", func(t *testing.T) {
		bad := bytes.Replace(b, []byte(k1.ID), []byte("0000000000000000"), 1)
		_, err := certification.ParsePublicKeysJWKS(bad)
		if got := footprint.ErrorField(err); got != "keys[0].kid" {
			t.Fatalf("field=%q (%v), want keys[0].kid", got, err)
		}
	})
	t.Run("ErrShortKey", func(t *testing.T) {
		_, err := certification.ParsePublicKeysJWKS([]byte(`{"kty":"OKP","crv":"Ed25519","x":"AAAA"}`))
		if got := footprint.ErrorField(err); got != "keys[0].x" {
			t.Fatalf("field=%q (%v), want keys[0].x", got, err)
		}
	})
	t.Run("ErrReadTwoWays", func(t *testing.T) {
		// encoding/json took "Keys" for "keys", the last one winning: a
		// file that jq or a browser reads as the genuine key set verified
		// with the forger's key (forger red team).
		forged, _ := json.Marshal(set.Keys[1])
		cased, _ := json.Marshal(map[string]any{"keys": set.Keys[:1], "Keys": []json.RawMessage{forged}})
		for _, doc := range []string{string(cased), `{"keys":[` + string(forged) + `],"keys":[` + string(forged) + `]}`} {
			if !json.Valid([]byte(doc)) {
				t.Fatalf("not JSON: %s", doc)
			}
			if _, err := certification.ParsePublicKeysJWKS([]byte(doc)); footprint.ErrorCode(err) != footprint.EINVALID {
				t.Errorf("%s: err=%v, want EINVALID", doc, err)
			}
		}
	})
	t.Run("ErrNoKeys", func(t *testing.T) {
		if _, err := certification.ParsePublicKeysJWKS([]byte(`{"keys":[]}`)); footprint.ErrorCode(err) != footprint.EINVALID {
			t.Fatalf("err=%v, want EINVALID", err)
		}
	})
}

// Ensure the key ID is the first 16 hex digits of the key's SHA-256.
func TestKeyFingerprint(t *testing.T) {
	pub := make(ed25519.PublicKey, ed25519.PublicKeySize) // all zeros
	// SHA-256 of 32 zero bytes is 66687aadf862bd776c8fc18b8e9f8e20…
	if got, want := certification.KeyFingerprint(pub), "66687aadf862bd77"; got != want {
		t.Fatalf("fingerprint=%s, want %s", got, want)
	}
}

func BenchmarkSign(b *testing.B) {
	key := footprinttest.Key(b, "", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	c := newTestCertificate(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := certification.SignCertificate(c, key); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerify(b *testing.B) {
	key := footprinttest.Key(b, "", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	sc := footprinttest.Sign(b, newTestCertificate(b), key)
	keys := []certification.PublicKey{key.PublicKey()}
	b.ReportAllocs()
	for b.Loop() {
		if err := certification.VerifyCertificate(sc, keys); err != nil {
			b.Fatal(err)
		}
	}
}

// Ensure a certificate that claims to have been issued before its signing
// key existed does not verify. A retired key's certificates dated after
// its retirement are refused (VerifyKeyRetired), which bounds what a
// stolen retired key can sign; nothing bounds the other end, so a stolen
// key can sign certificates backdated to any year (here 2020 with a key
// created in 2026), and offline verification calls them genuine.
func TestRedteam_IssuedBeforeKeyCreated(t *testing.T) {
	key := footprinttest.Key(t, "redteam created", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	c := footprinttest.Certificate()
	c.IssuedAt = time.Date(2020, 3, 2, 2, 0, 0, 0, time.UTC)
	c.ExpiresAt = certification.CertificateExpiry(c.IssuedAt, 0)
	sc, err := certification.SignCertificate(c, key)
	if err != nil {
		return // refused at signing: fine too
	}
	if err := certification.VerifyCertificate(sc, []certification.PublicKey{key.PublicKey()}); err == nil {
		t.Fatalf("certificate dated %s verifies with a key created %s", c.IssuedAt.Format(time.DateOnly), key.Created.Format(time.DateOnly))
	}
}

// TestVerifyCertificate_CompromisedKey: a certificate signed with a key the
// service reported compromised verifies only for a verifier that holds it
// (HeldKeys: the service's own records); with the keys alone it fails with
// VerifyKeyCompromised, whatever date it claims, since the thief dates what
// it signs within the key's life. The JWK Set carries the report.
func TestVerifyCertificate_CompromisedKey(t *testing.T) {
	ctx := context.Background()
	svc, key, sc := mustSignedThenJune(t)
	now := svc.now()
	pub, err := svc.ReportCompromised(ctx, key.ID)
	if err != nil || !pub.Compromised.Equal(now) {
		t.Fatalf("report: %+v, %v", pub, err)
	}
	keys, err := svc.PublicKeys(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := verifyReason(t, certification.VerifyCertificate(sc, keys)); got != certification.VerifyKeyCompromised {
		t.Errorf("verified with the keys alone: %q, want %q", got, certification.VerifyKeyCompromised)
	}
	if err := certification.VerifyCertificate(sc, certification.HeldKeys(keys)); err != nil {
		t.Errorf("verified by the service that holds it: %v", err)
	}
	if !keys[0].Compromised.Equal(now) {
		t.Errorf("HeldKeys changed the keys given: %+v", keys[0])
	}
	jwks, err := certification.PublicKeysJWKS(keys)
	if err != nil {
		t.Fatal(err)
	}
	back, err := certification.ParsePublicKeysJWKS(jwks)
	if err != nil || len(back) != 2 || !back[0].Compromised.Equal(now) || !back[1].Compromised.IsZero() {
		t.Errorf("JWKS round trip: %+v, %v\n%s", back, err, jwks)
	}
	// Altered content is still a bad signature, not a compromised key.
	altered := *sc
	altered.Content = bytes.Replace(bytes.Clone(sc.Content), []byte(`"kg_co2e":`), []byte(`"kg_co2e": `), 1)
	if got := verifyReason(t, certification.VerifyCertificate(&altered, keys)); got != certification.VerifyBadSignature {
		t.Errorf("altered content under a compromised key: %q", got)
	}
}
