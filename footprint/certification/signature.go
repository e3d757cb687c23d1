package certification

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/chengdu-pcf/pcf/footprint"
	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// Certificates are signed with Ed25519 (RFC 8032, crypto/ed25519) over
//
//	CertificateSignaturePrefix || canonical content
//
// where the content is Certificate.MarshalCanonical. The prefix separates
// this use of a key from any other: a signature over a certificate can never
// be replayed as a signature over something else, and the reverse.
const (
	CertificateSignatureAlgorithm = "Ed25519"
	CertificateSignaturePrefix    = "pcf-certificate-signature/1\n"
)

// SignedCertificateFormat tags the envelope of a signed certificate
// (SignedCertificate.MarshalEnvelope).
const SignedCertificateFormat = "pcf-signed-certificate/1"

// SigningKey is a private key that signs certificates. Only the key store
// and the signing code ever see it.
type SigningKey struct {
	ID      string // KeyFingerprint of the public key
	Created time.Time
	Private ed25519.PrivateKey
}

// PublicKey is a published certificate-verification key. Retired keys stay
// published so that the certificates they signed still verify.
type PublicKey struct {
	ID      string // KeyFingerprint of Key
	Key     ed25519.PublicKey
	Created time.Time
	Retired time.Time // zero while the key is active; it signs nothing issued after this time
	// Compromised is when the service reported the key's private half
	// stolen or leaked (zero if never): whoever holds it signs what it
	// likes, dated as it likes within the key's life, so its signature
	// alone proves nothing (VerifyKeyCompromised). Only the service,
	// which keeps the certificates it issued, vouches for one (HeldKeys).
	Compromised time.Time
}

// HeldKeys returns keys as a verifier that holds the certificates it
// checks reads them: the service's own stored records, written when it
// issued them, are its own whatever became of the key since, so the
// compromise of a key does not fail them.
func HeldKeys(keys []PublicKey) []PublicKey {
	if !slices.ContainsFunc(keys, func(k PublicKey) bool { return !k.Compromised.IsZero() }) {
		return keys // the common case, on every verify answer: nothing to copy
	}
	out := slices.Clone(keys)
	for i := range out {
		out[i].Compromised = time.Time{}
	}
	return out
}

// KeyFingerprint returns the ID of an Ed25519 public key: the first 16 hex
// digits (64 bits) of the SHA-256 of its 32 bytes.
func KeyFingerprint(pub ed25519.PublicKey) string {
	sum := sha256.Sum256(pub)
	return hex.EncodeToString(sum[:8])
}

// NewSigningKey generates a key from random (crypto/rand when nil), created
// at the given time.
func NewSigningKey(random io.Reader, created time.Time) (*SigningKey, error) {
	if random == nil {
		random = rand.Reader
	}
	pub, priv, err := ed25519.GenerateKey(random)
	if err != nil {
		return nil, fmt.Errorf("generate signing key: %w", err)
	}
	return &SigningKey{ID: KeyFingerprint(pub), Created: created.UTC(), Private: priv}, nil
}

// PublicKey returns the public half of k, not retired.
func (k *SigningKey) PublicKey() PublicKey {
	pub, _ := k.Private.Public().(ed25519.PublicKey)
	return PublicKey{ID: k.ID, Key: pub, Created: k.Created}
}

// Validate returns EINVALID if the key is malformed or its ID is not its
// fingerprint.
func (k *SigningKey) Validate() error {
	switch {
	case k == nil || len(k.Private) != ed25519.PrivateKeySize:
		return footprint.FieldErrorf(footprint.EINVALID, "key", "signing key must be an Ed25519 private key of %d bytes", ed25519.PrivateKeySize)
	case k.ID != KeyFingerprint(k.Private.Public().(ed25519.PublicKey)):
		return footprint.FieldErrorf(footprint.EINVALID, "key_id", "signing key ID %q is not the fingerprint of its public key", k.ID)
	}
	return nil
}

// Validate returns EINVALID if the key is malformed, its ID is not its
// fingerprint, or it retires before it was created.
func (p PublicKey) Validate() error {
	switch {
	case len(p.Key) != ed25519.PublicKeySize:
		return footprint.FieldErrorf(footprint.EINVALID, "key", "public key must be an Ed25519 key of %d bytes", ed25519.PublicKeySize)
	case p.ID != KeyFingerprint(p.Key):
		return footprint.FieldErrorf(footprint.EINVALID, "kid", "key ID %q is not the fingerprint of the key (%s)", p.ID, KeyFingerprint(p.Key))
	case !p.Retired.IsZero() && p.Retired.Before(p.Created):
		return footprint.FieldErrorf(footprint.EINVALID, "retired", "key %s is retired before it was created", p.ID)
	}
	return nil
}

// SignedCertificate is a certificate with its signature. Content is the
// exact byte string that was signed (the canonical encoding); Certificate
// is what Content decodes to. Keeping both lets a verifier report a
// certificate whose shown fields disagree with what was signed.
type SignedCertificate struct {
	Certificate *Certificate
	Content     []byte // canonical encoding of Certificate, as signed
	KeyID       string // ID of the signing key
	Signature   []byte // Ed25519 signature, 64 bytes
}

// SignCertificate signs c with key. It returns EINVALID for an invalid
// certificate or key. The Certificate of the result is decoded from the
// signed bytes, so it is exactly what was signed (times truncated to the
// second, in UTC).
func SignCertificate(c *Certificate, key *SigningKey) (*SignedCertificate, error) {
	if err := key.Validate(); err != nil {
		return nil, err
	}
	content, err := c.MarshalCanonical()
	if err != nil {
		return nil, err
	}
	decoded, err := UnmarshalCanonicalCertificate(content)
	if err != nil {
		return nil, fmt.Errorf("sign certificate: re-read content: %w", err)
	}
	sig := ed25519.Sign(key.Private, signedMessage(content))
	return &SignedCertificate{Certificate: decoded, Content: content, KeyID: key.ID, Signature: sig}, nil
}

func signedMessage(content []byte) []byte {
	msg := make([]byte, 0, len(CertificateSignaturePrefix)+len(content))
	return append(append(msg, CertificateSignaturePrefix...), content...)
}

// Reasons a verification fails (VerifyError.Reason).
const (
	VerifyMalformed      = "malformed"       // no content or signature, or content that is not a canonical certificate
	VerifyUnknownKey     = "unknown_key"     // the signing key is not among the keys given
	VerifyBadSignature   = "bad_signature"   // the signature does not match the content under that key
	VerifyKeyRetired     = "key_retired"     // issued after the signing key was retired
	VerifyKeyNotCreated  = "key_not_created" // issued before the signing key was created
	VerifyFieldMismatch  = "field_mismatch"  // the shown fields disagree with the signed content
	VerifyKeyCompromised = "key_compromised" // the signing key was reported compromised: only the service can vouch for it
)

// VerifyError says why a signed certificate failed verification. Its code
// (ErrorCode) is EINVALID; Reason is one of the Verify* constants; Fields
// names the fields that disagree with the signed content, for
// VerifyFieldMismatch. Message is the English, as clients and the
// documentation quote it; MessageZH says the same in Chinese, for the
// reports a person reads in both languages (pcf verify, the labels'
// report).
type VerifyError struct {
	Reason    string
	KeyID     string
	Fields    []string
	Message   string
	MessageZH string
}

// Error implements the error interface.
func (e *VerifyError) Error() string { return e.Message }

// Unwrap returns the domain error, so ErrorCode gives EINVALID and
// ErrorMessage the message.
func (e *VerifyError) Unwrap() error {
	return &footprint.Error{Code: footprint.EINVALID, Message: e.Message}
}

// verifyErrorf makes a VerifyError: zh is the Chinese format, en the
// English one, of the same arguments. An argument that is a message in both
// languages ("中文。English", footprint's errors) gives its Chinese to the
// Chinese and its English to the English.
func verifyErrorf(reason, keyID string, fields []string, zh, en string, args ...any) *VerifyError {
	zhArgs, enArgs := slices.Clone(args), slices.Clone(args)
	for i, a := range args {
		if s, ok := a.(string); ok {
			if z, e, ok := strings.Cut(s, "。"); ok && strings.ContainsFunc(z, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
				zhArgs[i], enArgs[i] = z, e
			}
		}
	}
	return &VerifyError{Reason: reason, KeyID: keyID, Fields: fields, Message: fmt.Sprintf(en, enArgs...), MessageZH: fmt.Sprintf(zh, zhArgs...)}
}

// VerifyCertificate checks a signed certificate against a set of public keys
// (retired ones included). It returns nil, or a *VerifyError saying exactly
// what is wrong:
//
//   - VerifyMalformed: the content or signature is missing or malformed, or
//     the content is not a canonical certificate;
//   - VerifyUnknownKey: no key has the signing key's ID;
//   - VerifyBadSignature: "signature does not match content (content altered
//     or wrong key)": a signature alone cannot tell which field was changed;
//   - VerifyKeyRetired: the certificate claims an issue time after its key
//     was retired;
//   - VerifyKeyNotCreated: the certificate claims an issue time before its
//     key was created (to the second, as issue times are kept): a stolen
//     key cannot backdate certificates beyond its own creation;
//   - VerifyFieldMismatch: sc.Certificate (the shown fields) differs from
//     the signed content, naming the fields;
//   - VerifyKeyCompromised: the signature verifies, with a key the
//     service reported compromised (PublicKey.Compromised).
func VerifyCertificate(sc *SignedCertificate, keys []PublicKey) error {
	if sc == nil || len(sc.Content) == 0 {
		return verifyErrorf(VerifyMalformed, "", nil, "没有签名内容", "no signed content")
	}
	if len(sc.Signature) != ed25519.SignatureSize {
		return verifyErrorf(VerifyMalformed, sc.KeyID, nil, "签名应为 %d 字节，而不是 %d 字节", "signature must be %d bytes, not %d", ed25519.SignatureSize, len(sc.Signature))
	}
	var key *PublicKey
	for i := range keys {
		if keys[i].ID == sc.KeyID {
			key = &keys[i]
			break
		}
	}
	if key == nil {
		return verifyErrorf(VerifyUnknownKey, sc.KeyID, nil, "签名密钥 %s 不在所给的公钥之中（共 %d 个公钥）", "signed with unknown key %q (not among the %d public keys given)", sc.KeyID, len(keys))
	}
	if err := key.Validate(); err != nil {
		return verifyErrorf(VerifyUnknownKey, sc.KeyID, nil, "公钥 %q 无效：%s", "public key %q is invalid: %s", sc.KeyID, footprint.ErrorMessage(err))
	}
	if !ed25519.Verify(key.Key, signedMessage(sc.Content), sc.Signature) {
		return verifyErrorf(VerifyBadSignature, sc.KeyID, nil, "签名与内容不符（内容被改动，或密钥不对）", "signature does not match content (content altered or wrong key)")
	}
	signed, err := UnmarshalCanonicalCertificate(sc.Content)
	if err != nil {
		return verifyErrorf(VerifyMalformed, sc.KeyID, nil, "签名内容不是有效的证书：%s", "signed content is not a valid certificate: %s", footprint.ErrorMessage(err))
	}
	if !key.Retired.IsZero() && signed.IssuedAt.After(key.Retired) {
		return verifyErrorf(VerifyKeyRetired, sc.KeyID, nil, "证书声称的签发时间为 %s，晚于其签名密钥 %s 的停用时间 %s", "certificate claims issue at %s but key %s was retired at %s",
			signed.IssuedAt.Format(time.RFC3339), key.ID, key.Retired.UTC().Format(time.RFC3339))
	}
	if !key.Created.IsZero() && signed.IssuedAt.Before(key.Created.Truncate(time.Second)) {
		return verifyErrorf(VerifyKeyNotCreated, sc.KeyID, nil, "证书声称的签发时间为 %s，早于其签名密钥 %s 的创建时间 %s", "certificate claims issue at %s but key %s was created at %s",
			signed.IssuedAt.Format(time.RFC3339), key.ID, key.Created.UTC().Format(time.RFC3339))
	}
	if sc.Certificate != nil {
		// The common case: the shown fields encode to the signed bytes.
		if shown, err := encodeCertWire(sc.Certificate.wire()); err != nil || !bytes.Equal(shown, sc.Content) {
			if diff := DiffCertificates(sc.Certificate, signed); len(diff) > 0 {
				return verifyErrorf(VerifyFieldMismatch, sc.KeyID, diff, "以下字段与签名内容不符：%s", "fields differ from the signed content: %s", strings.Join(diff, ", "))
			}
		}
	}
	if !key.Compromised.IsZero() {
		return verifyErrorf(VerifyKeyCompromised, sc.KeyID, nil, "签名密钥 %s 已于 %s 被认证服务报告泄露：持有该密钥的任何人都可能签署了本证书，只有保存其所签发证书的认证服务能为它担保",
			"signed with key %s, which the service reported compromised at %s: whoever holds that key may have signed it, so only the service, which keeps the certificates it issued, can vouch for it",
			key.ID, key.Compromised.UTC().Format(time.RFC3339))
	}
	return nil
}

// signedEnvelope is the wire form of a SignedCertificate. Its keys are in
// sorted order, as MarshalEnvelope writes them.
type signedEnvelope struct {
	Algorithm string          `json:"algorithm"`
	Content   json.RawMessage `json:"content"`
	Format    string          `json:"format"`
	KeyID     string          `json:"key_id"`
	Signature string          `json:"signature"`
}

// MarshalEnvelope returns the signed certificate as one JSON document:
//
//	{"algorithm":"Ed25519","content":<canonical content>,"format":"pcf-signed-certificate/1","key_id":"…","signature":"<base64url>"}
//
// The content is embedded byte for byte, so a reader can both read it and
// verify it. This is what PDFs embed and what the verification endpoint
// returns.
func (sc *SignedCertificate) MarshalEnvelope() ([]byte, error) {
	if sc == nil || len(sc.Content) == 0 || !json.Valid(sc.Content) {
		return nil, footprint.Errorf(footprint.EINVALID, "signed certificate has no valid content")
	}
	var buf bytes.Buffer
	buf.WriteString(`{"algorithm":"` + CertificateSignatureAlgorithm + `","content":`)
	buf.Write(sc.Content)
	buf.WriteString(`,"format":"` + SignedCertificateFormat + `","key_id":`)
	kid, err := json.Marshal(sc.KeyID)
	if err != nil {
		return nil, fmt.Errorf("encode key id: %w", err)
	}
	buf.Write(kid)
	buf.WriteString(`,"signature":"` + base64.RawURLEncoding.EncodeToString(sc.Signature) + `"}`)
	return buf.Bytes(), nil
}

// ParseSignedCertificate reads an envelope written by MarshalEnvelope. The
// content is kept byte for byte as found. It returns EINVALID for a
// malformed envelope or content that is not a canonical certificate; it does
// not check the signature (VerifyCertificate does).
func ParseSignedCertificate(b []byte) (*SignedCertificate, error) {
	var env signedEnvelope
	if err := decodeStrict(b, &env); err != nil {
		return nil, footprint.Errorf(footprint.EINVALID, "signed certificate is not valid: %s", jsonErrorText(err))
	}
	switch {
	case env.Format != SignedCertificateFormat:
		return nil, footprint.FieldErrorf(footprint.EINVALID, "format", "unknown signed-certificate format %q (want %s)", env.Format, SignedCertificateFormat)
	case env.Algorithm != CertificateSignatureAlgorithm:
		return nil, footprint.FieldErrorf(footprint.EINVALID, "algorithm", "unsupported signature algorithm %q (want %s)", env.Algorithm, CertificateSignatureAlgorithm)
	case len(env.Content) == 0:
		return nil, footprint.FieldErrorf(footprint.EINVALID, "content", "content is missing")
	}
	sig, err := base64.RawURLEncoding.DecodeString(env.Signature)
	if err != nil {
		return nil, footprint.FieldErrorf(footprint.EINVALID, "signature", "signature is not base64url")
	}
	content := bytes.Clone(env.Content)
	c, err := UnmarshalCanonicalCertificate(content)
	if err != nil {
		return nil, err
	}
	return &SignedCertificate{Certificate: c, Content: content, KeyID: env.KeyID, Signature: sig}, nil
}

// KeyService keeps the certificate signing keys. Keys are created on first
// use and rotated on request; every public key ever used stays listed, so
// certificates signed with a retired key still verify. The private key never
// leaves the store: the CertificationService signs with it when it issues.
type KeyService interface {
	// RotateSigningKey generates a new active key and retires the previous
	// one at the same instant, atomically; the retired public key stays
	// published. Returns the new key, or EINTERNAL.
	RotateSigningKey(ctx context.Context) (*SigningKey, error)

	// PublicKeys returns every public key, active and retired, oldest
	// first. Returns EINTERNAL on a storage error; an empty list only
	// before the first key is created.
	PublicKeys(ctx context.Context) ([]PublicKey, error)

	// ReportCompromised marks key id compromised now (its private half
	// stolen or leaked), retiring it, and creating a new active key, if
	// it was the active one. A key reported compromised stays so.
	// Returns the key as now published, ENOTFOUND for an unknown key, or
	// EINTERNAL.
	ReportCompromised(ctx context.Context, id string) (PublicKey, error)
}

// jwk is the RFC 8037 JSON Web Key of an Ed25519 public key, with the key's
// lifetime as two extra members (RFC 7517 §4 allows them; other readers
// ignore them).
type jwk struct {
	Kty         string `json:"kty"`
	Crv         string `json:"crv"`
	X           string `json:"x"`
	Kid         string `json:"kid"`
	Use         string `json:"use,omitempty"`
	Alg         string `json:"alg,omitempty"`
	Created     string `json:"created,omitempty"`
	Retired     string `json:"retired,omitempty"`
	Compromised string `json:"compromised,omitempty"`
}

type jwks struct {
	Keys []jwk `json:"keys"`
}

// PublicKeysJWKS returns keys as a JWK Set (RFC 7517), each key an RFC 8037
// OKP key: {"kty":"OKP","crv":"Ed25519","x":<base64url>,"kid":<ID>,
// "use":"sig","alg":"EdDSA","created":<RFC 3339>,"retired":<RFC 3339, when
// retired>,"compromised":<RFC 3339, when reported compromised>}. Returns
// EINVALID for an invalid key.
func PublicKeysJWKS(keys []PublicKey) ([]byte, error) {
	set := jwks{Keys: []jwk{}}
	for _, k := range keys {
		if err := k.Validate(); err != nil {
			return nil, err
		}
		j := jwk{Kty: "OKP", Crv: "Ed25519", X: base64.RawURLEncoding.EncodeToString(k.Key), Kid: k.ID, Use: "sig", Alg: "EdDSA"}
		if !k.Created.IsZero() {
			j.Created = k.Created.UTC().Format(time.RFC3339)
		}
		if !k.Retired.IsZero() {
			j.Retired = k.Retired.UTC().Format(time.RFC3339)
		}
		if !k.Compromised.IsZero() {
			j.Compromised = k.Compromised.UTC().Format(time.RFC3339)
		}
		set.Keys = append(set.Keys, j)
	}
	b, err := json.Marshal(set)
	if err != nil {
		return nil, fmt.Errorf("encode jwks: %w", err)
	}
	return b, nil
}

// ParsePublicKeysJWKS reads a JWK Set as PublicKeysJWKS writes it, or a
// single JWK. Keys that are not Ed25519 OKP keys with "use" sig (or no
// "use") are skipped, as RFC 7517 asks of unknown key types; a JWKS with no
// usable key, an "x" that is not 32 bytes, or a "kid" that is not the key's
// fingerprint returns EINVALID.
func ParsePublicKeysJWKS(b []byte) ([]PublicKey, error) {
	// json/v2: names match exactly and a name given twice is refused, so
	// {"keys":[genuine],"Keys":[forged]} is not read one way here and
	// another by a reader checking the file (encoding/json matches names
	// case-insensitively, the last one winning).
	var set jwks
	var probe map[string]jsontext.Value
	if err := jsonv2.Unmarshal(b, &probe); err != nil {
		return nil, footprint.Errorf(footprint.EINVALID, "public keys: not a JSON object: %s", jsonErrorText(err))
	}
	for name := range probe {
		if name != "keys" && strings.EqualFold(name, "keys") {
			return nil, footprint.Errorf(footprint.EINVALID, "public keys: member %q beside \"keys\": a key set is read one way only", name)
		}
	}
	if _, ok := probe["keys"]; ok {
		if err := jsonv2.Unmarshal(b, &set); err != nil {
			return nil, footprint.Errorf(footprint.EINVALID, "public keys: %s", jsonErrorText(err))
		}
	} else {
		var one jwk
		if err := jsonv2.Unmarshal(b, &one); err != nil {
			return nil, footprint.Errorf(footprint.EINVALID, "public key: %s", jsonErrorText(err))
		}
		set.Keys = []jwk{one}
	}
	var keys []PublicKey
	for i, j := range set.Keys {
		field := fmt.Sprintf("keys[%d]", i)
		if j.Kty != "OKP" || j.Crv != "Ed25519" || (j.Use != "" && j.Use != "sig") {
			continue
		}
		x, err := base64.RawURLEncoding.DecodeString(j.X)
		if err != nil || len(x) != ed25519.PublicKeySize {
			return nil, footprint.FieldErrorf(footprint.EINVALID, field+".x", "x must be a base64url Ed25519 public key of %d bytes", ed25519.PublicKeySize)
		}
		k := PublicKey{ID: j.Kid, Key: ed25519.PublicKey(x)}
		if k.ID == "" {
			k.ID = KeyFingerprint(k.Key)
		}
		for _, t := range []struct {
			name, v string
			dst     *time.Time
		}{{"created", j.Created, &k.Created}, {"retired", j.Retired, &k.Retired}, {"compromised", j.Compromised, &k.Compromised}} {
			if t.v == "" {
				continue
			}
			if *t.dst, err = time.Parse(time.RFC3339, t.v); err != nil {
				return nil, footprint.FieldErrorf(footprint.EINVALID, field+"."+t.name, "invalid RFC 3339 time %q", t.v)
			}
		}
		if err := k.Validate(); err != nil {
			return nil, footprint.FieldErrorf(footprint.EINVALID, field+"."+footprint.ErrorField(err), "%s", footprint.ErrorMessage(err))
		}
		keys = append(keys, k)
	}
	if len(keys) == 0 {
		return nil, footprint.Errorf(footprint.EINVALID, "public keys: no Ed25519 signing key found")
	}
	return keys, nil
}
