package factordb

import (
	"bytes"
	"cmp"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
	"golang.org/x/text/unicode/norm"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
)

// Buckets of organisations and credentials (see doc.go).
var (
	orgsBucket         = []byte("organizations")   // name → orgRecord
	apiKeysBucket      = []byte("api_keys")        // key ID → apiKeyRecord
	orgKeysBucket      = []byte("api_keys_by_org") // organisation name 0x00 key ID → "": an organisation's keys, without a scan of every key
	accessTokensBucket = []byte("access_tokens")   // SHA-256(access token) → accessTokenRecord

	// Indexes of access_tokens, so that pruning expired tokens and
	// revoking a key read only the tokens concerned.
	tokenExpiryBucket = []byte("access_token_expiry") // expiry (8 bytes, see expiryKey) SHA-256 → ""
	tokenKeysBucket   = []byte("access_token_keys")   // key ID SHA-256 → ""
)

// expiryKey is the key of a token in the expiry index: its expiry in Unix
// nanoseconds, big-endian with the sign bit flipped (so that keys sort as
// times), then the token's SHA-256.
func expiryKey(expires time.Time, sum []byte) []byte {
	k := binary.BigEndian.AppendUint64(make([]byte, 0, 8+len(sum)), uint64(expires.UnixNano())^1<<63)
	return append(k, sum...)
}

// putAccessToken stores an access token under the SHA-256 sum, with its
// index entries.
func putAccessToken(tx *bolt.Tx, sum []byte, rec *accessTokenRecord) error {
	if err := putJSON(tx.Bucket(accessTokensBucket), sum, rec); err != nil {
		return err
	}
	if err := tx.Bucket(tokenExpiryBucket).Put(expiryKey(rec.ExpiresAt, sum), nil); err != nil {
		return fmt.Errorf("put access token expiry index: %w", err)
	}
	if err := tx.Bucket(tokenKeysBucket).Put(append([]byte(rec.KeyID), sum...), nil); err != nil {
		return fmt.Errorf("put access token key index: %w", err)
	}
	return nil
}

// deleteAccessTokens deletes the access tokens stored under sums, with
// their index entries; a token that is not there is no error.
func deleteAccessTokens(tx *bolt.Tx, sums [][]byte) error {
	b := tx.Bucket(accessTokensBucket)
	for _, sum := range sums {
		var rec accessTokenRecord
		if ok, err := getJSON(b, sum, &rec); err != nil {
			return fmt.Errorf("access token %x: %w", sum, err)
		} else if !ok {
			continue
		}
		for _, del := range []struct {
			b   *bolt.Bucket
			key []byte
		}{
			{b, sum},
			{tx.Bucket(tokenExpiryBucket), expiryKey(rec.ExpiresAt, sum)},
			{tx.Bucket(tokenKeysBucket), append([]byte(rec.KeyID), sum...)},
		} {
			if err := del.b.Delete(del.key); err != nil {
				return fmt.Errorf("delete access token: %w", err)
			}
		}
	}
	return nil
}

// indexAccessTokens builds the expiry and key indexes of the access tokens
// stored, for a database written before they existed.
func indexAccessTokens(tx *bolt.Tx) error {
	expiry, keys := tx.Bucket(tokenExpiryBucket), tx.Bucket(tokenKeysBucket)
	return forEachRecord(tx.Bucket(accessTokensBucket), "access token", func(k []byte, rec *accessTokenRecord) error {
		if err := expiry.Put(expiryKey(rec.ExpiresAt, k), nil); err != nil {
			return err
		}
		return keys.Put(append([]byte(rec.KeyID), k...), nil)
	})
}

// pruneAccessTokens deletes the access tokens that expired at or before cutoff,
// reading only those (the expiry index in order).
func pruneAccessTokens(tx *bolt.Tx, cutoff time.Time) error {
	end := expiryKey(cutoff, nil)
	var doomed [][]byte
	c := tx.Bucket(tokenExpiryBucket).Cursor()
	for k, _ := c.First(); k != nil && bytes.Compare(k[:8], end) <= 0; k, _ = c.Next() {
		doomed = append(doomed, bytes.Clone(k[8:]))
	}
	return deleteAccessTokens(tx, doomed) // bbolt: deleting while iterating skips keys
}

// revokeAccessTokens deletes the access tokens issued for key ID id,
// reading only those (the key index).
func revokeAccessTokens(tx *bolt.Tx, id string) error {
	prefix := []byte(id)
	var doomed [][]byte
	c := tx.Bucket(tokenKeysBucket).Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix) && len(k) == len(prefix)+sha256.Size; k, _ = c.Next() {
		doomed = append(doomed, bytes.Clone(k[len(prefix):]))
	}
	return deleteAccessTokens(tx, doomed)
}

// Token formats. An API key token is
//
//	pcf_<key ID>_<secret>
//
// where the key ID is 16 lowercase hex digits (64 random bits, also the
// OAuth2 client_id) and the secret is 32 random bytes in unpadded base64url.
// An access token (OAuth2 client credentials) is
//
//	pcfat_<32 random bytes in unpadded base64url>
//
// The prefixes let a leaked token be recognised by secret scanners; neither
// a secret nor an access token is ever stored, only its SHA-256.
const (
	apiTokenPrefix    = "pcf_"
	accessTokenPrefix = "pcfat_"
	keyIDBytes        = 8
	secretBytes       = 32
)

// errUnauthorized is the one error of Authenticate and IssueAccessToken: it
// never says whether the key is unknown, revoked, expired or the secret
// wrong.
func errUnauthorized() error {
	return footprint.Errorf(footprint.EUNAUTHORIZED, "invalid or expired credentials")
}

// AuthService implements access.AuthService on a DB: organisations, API
// keys and OAuth2 client-credentials access tokens.
//
// Secrets are stored only as SHA-256 hashes. A secret has 256 random bits,
// so a fast hash is enough (no password stretching is needed against
// brute force), and an API key's hash is compared in constant time.
type AuthService struct {
	db *DB
	// CheckText, when set, is called on each text of an organisation that
	// certificates print (cmd wires labels.Renderer.CheckText), so that a
	// name the font cannot draw is refused when the organisation is
	// created, not at its first certificate.
	CheckText func(field, text string) error
	// CheckCertifier, when set, is called on a certification body's
	// Chinese name, name and approval number (cmd wires
	// labels.Renderer.CheckCertifier), so that names the label cannot
	// print whole are refused when the body is registered, not at each
	// of its issues.
	CheckCertifier func(nameZH, name, approval string) error
}

var _ access.AuthService = (*AuthService)(nil)

// NewAuthService returns an AuthService storing organisations and keys in db.
func NewAuthService(db *DB) *AuthService {
	return &AuthService{db: db}
}

// orgCreateDetail is the detail of an organisation's organization.create
// event: "role R", and a certification body's register as JSON lists
// ("; signatories [\"Zhang San\"]; scope [\"pv-module\"]"), so that the
// trail holds who may sign for it and what it may certify, and Check
// names a register changed in the file (red team 68).
func orgCreateDetail(o *access.Organization) string {
	d := "role " + string(o.Role)
	if len(o.Signatories) > 0 {
		b, _ := json.Marshal(o.Signatories)
		d += "; signatories " + string(b)
	}
	if len(o.Scope) > 0 {
		b, _ := json.Marshal(o.Scope)
		d += "; scope " + string(b)
	}
	return d
}

// orgRecord is the stored form of a access.Organization: the
// organisation as it is, with the record version and RegisterAt, which the
// store alone reads (registerPending) and the API does not answer.
type orgRecord struct {
	V int `json:"v"`
	access.Organization
	// RegisterAt is when the operator last changed or stated a
	// certifier's register (SetOrganizationRegister); zero for one
	// recorded at its creation only (CreatedAt).
	RegisterAt time.Time `json:"register_at,omitzero"`
}

// registerPending reports whether the register of certifier rec is the
// one the copy of a restored database held (m, nil for a database never
// restored): recorded before the restore and not stated again since. A
// change after the copy was taken (a signatory who left removed, the
// scope narrowed) is lost with the rest, and the copy's register would
// let the removed signatory sign again (red team 73). A body without a
// register is not checked, and is not held.
func (m *restoreMark) registerPending(rec *orgRecord) bool {
	return m != nil && rec.Role == access.RoleCertifier && (len(rec.Signatories) > 0 || len(rec.Scope) > 0) &&
		rec.CreatedAt.Before(m.At) && rec.RegisterAt.Before(m.At)
}

// apiKeyRecord is the stored form of a access.APIKey: the SHA-256 of its
// secret, never the secret.
type apiKeyRecord struct {
	V          int       `json:"v"`
	ID         string    `json:"id"`
	Org        string    `json:"org"`
	Role       string    `json:"role"`
	SecretHash []byte    `json:"secret_sha256"`
	CreatedAt  time.Time `json:"created_at"`
	RevokedAt  time.Time `json:"revoked_at,omitzero"`
	// ConfirmedAt is when an admin last confirmed the key after a restore
	// (restoreMark.keyPending).
	ConfirmedAt time.Time `json:"confirmed_at,omitzero"`
	// AwaitsOrg, EndorsedBy and EndorsedAt: a certifier's key made while
	// its organisation held another usable key waits for one of them to
	// confirm it (access.APIKey.AwaitsOrg).
	AwaitsOrg  bool      `json:"awaits_org,omitempty"`
	EndorsedBy string    `json:"endorsed_by,omitempty"`
	EndorsedAt time.Time `json:"endorsed_at,omitzero"`
	// Recovery: a certifier's key made while its organisation held no
	// usable key, after it had held one; EndorsedBy and EndorsedAt are
	// then the former key that vouched for it (access.APIKey.Recovery).
	Recovery bool `json:"recovery,omitempty"`
	// CompromisedSince: the key was stolen or leaked as of this time, as
	// an admin reported it (MarkAPIKeyCompromised).
	CompromisedSince time.Time `json:"compromised_since,omitzero"`
}

func (r *apiKeyRecord) key() *access.APIKey {
	return &access.APIKey{ID: r.ID, Org: r.Org, Role: access.Role(r.Role), CreatedAt: r.CreatedAt, RevokedAt: r.RevokedAt, ConfirmedAt: r.ConfirmedAt,
		AwaitsOrg: r.AwaitsOrg, EndorsedBy: r.EndorsedBy, EndorsedAt: r.EndorsedAt, Recovery: r.Recovery, CompromisedSince: r.CompromisedSince}
}

// keyChainDepth bounds the walk from a key to the key that confirmed it,
// and on (unvouched): a chain longer than the keys an organisation has is
// a loop only a written file could make.
const keyChainDepth = 1000

// unvouched reports whether rec, or the key its confirmation leads back
// to, is a recovery key no former key of its organisation vouched for
// (access.APIKey.Unvouched); get reads a key of the organisation by ID
// (nil: none).
func unvouched(get func(id string) *apiKeyRecord, rec *apiKeyRecord) bool {
	for range keyChainDepth {
		switch {
		case rec.Recovery:
			return rec.EndorsedAt.IsZero()
		case !rec.AwaitsOrg || rec.EndorsedAt.IsZero():
			return false
		}
		if rec = get(rec.EndorsedBy); rec == nil {
			return false
		}
	}
	return true
}

// inMap reads keys from the organisation's keys by ID (orgAPIKeys).
func inMap(keys map[string]*apiKeyRecord) func(id string) *apiKeyRecord {
	return func(id string) *apiKeyRecord { return keys[id] }
}

// compromisedKeysBucket holds the IDs of the API keys reported compromised
// (MarkAPIKeyCompromised), so that a list of certificates knows whether
// any key is, without reading every key of the file (compromisedKeyUse).
var compromisedKeysBucket = []byte("api_keys_compromised") // key ID → ""

// indexCompromisedKeys builds compromisedKeysBucket from the keys stored,
// for a database written before it existed.
func indexCompromisedKeys(tx *bolt.Tx) error {
	return buildIndex(tx, apiKeysBucket, compromisedKeysBucket, "api key", "index of compromised keys", func(_ []byte, rec *apiKeyRecord) [][]byte {
		if rec.CompromisedSince.IsZero() {
			return nil
		}
		return [][]byte{[]byte(rec.ID)}
	})
}

// recoveryKeysBucket holds the IDs of the recovery keys
// (apiKeyRecord.Recovery), vouched for since or not: a key is unvouched
// only through one (unvouched), so that a list of flagged certificates
// knows whether any certificate can carry an unvouched key's mark
// without reading every key (compromisedKeyUse; red team 61).
var recoveryKeysBucket = []byte("api_keys_recovery") // key ID → ""

// indexRecoveryKeys builds recoveryKeysBucket from the keys stored, for a
// database written before it existed.
func indexRecoveryKeys(tx *bolt.Tx) error {
	return buildIndex(tx, apiKeysBucket, recoveryKeysBucket, "api key", "index of recovery keys", func(_ []byte, rec *apiKeyRecord) [][]byte {
		if !rec.Recovery {
			return nil
		}
		return [][]byte{[]byte(rec.ID)}
	})
}

// indexOrgKeys builds orgKeysBucket from the keys stored, for a database
// written before it existed.
func indexOrgKeys(tx *bolt.Tx) error {
	return buildIndex(tx, apiKeysBucket, orgKeysBucket, "api key", "index of keys by organisation", func(_ []byte, rec *apiKeyRecord) [][]byte {
		return [][]byte{indexKey(rec.ID, rec.Org)}
	})
}

// orgAPIKeys reads every key of organisation org in tx, by ID: the keys
// orgKeysBucket lists under its name, not every key of the file (a
// certifier's every workbench page reads them).
func orgAPIKeys(tx *bolt.Tx, org string) (map[string]*apiKeyRecord, error) {
	keys := map[string]*apiKeyRecord{}
	prefix := indexKey("", org)
	c := tx.Bucket(orgKeysBucket).Cursor()
	for k, _ := c.Seek(prefix); bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		id := string(k[len(prefix):])
		var rec apiKeyRecord
		if ok, err := getJSON(tx.Bucket(apiKeysBucket), []byte(id), &rec); err != nil || !ok || rec.Org != org {
			return nil, cmp.Or(err, fmt.Errorf("index of %s's keys lists api key %s, which is not %s's (found: %t)", org, id, org, ok))
		}
		keys[id] = &rec
	}
	return keys, nil
}

// keyOf is rec as the service gives it, with Unvouched from the
// organisation's keys.
func keyOf(keys map[string]*apiKeyRecord, rec *apiKeyRecord) *access.APIKey {
	k := rec.key()
	k.Unvouched = unvouched(inMap(keys), rec)
	return k
}

// waiting reports whether the key waits for its organisation's
// confirmation.
func (r *apiKeyRecord) waiting() bool { return r.AwaitsOrg && r.EndorsedAt.IsZero() }

// keyAwaitsOrgDetail ends the detail of the key.create event of a key
// that waits for its organisation's confirmation (keyOrgRe reads it).
const keyAwaitsOrgDetail = "; waits for a key of the organisation to confirm it"

// keyRecoveryDetail ends the detail of the key.create event of a recovery
// key (apiKeyRecord.Recovery; keyOrgRe reads it).
const keyRecoveryDetail = "; made while the organisation held no usable key: no key of it vouches for this one"

// accessTokenRecord is an issued access token, stored under the SHA-256 of
// the token.
type accessTokenRecord struct {
	V         int       `json:"v"`
	KeyID     string    `json:"key_id"`
	CreatedAt time.Time `json:"created_at"`
	ExpiresAt time.Time `json:"expires_at"`
}

// CreateOrganization registers an organisation and sets org.CreatedAt. A
// certifier's Signatories are its register of authorised signatories:
// certificateInput refuses an issue naming another. Its Scope names the
// rules it is approved for (inScope).
// Returns EINVALID for a malformed one (a certifier's approval number not
// of a CNCA approval number's form: checkApprovalForm) and ECONFLICT if the name is taken,
// or another organisation prints as it (the same OrgNameKey of its name or
// Chinese name) or holds its approval number (ApprovalKey), naming the
// field.
func (s *AuthService) CreateOrganization(ctx context.Context, org *access.Organization) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if org == nil {
		return footprint.Errorf(footprint.EINVALID, "organisation required")
	}
	if err := org.Validate(); err != nil {
		return err
	}
	for _, f := range [][2]string{{"org", org.Name}, {"name_zh", org.NameZH}, {"address", org.Address}, {"approval_number", org.ApprovalNumber}} {
		if s.CheckText != nil {
			if err := s.CheckText(f[0], f[1]); err != nil {
				return err
			}
		}
	}
	if s.CheckCertifier != nil && org.Role == access.RoleCertifier {
		if err := s.CheckCertifier(org.NameZH, org.Name, org.ApprovalNumber); err != nil {
			return err
		}
	}
	if err := s.checkRegister(org); err != nil {
		return err
	}
	rec := *org
	rec.Signatories, rec.Scope = slices.Clone(org.Signatories), slices.Clone(org.Scope)
	rec.CreatedAt = s.db.now()
	err := s.db.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(orgsBucket)
		if b.Get([]byte(rec.Name)) != nil {
			return footprint.FieldErrorf(footprint.ECONFLICT, "org", "organisation %q already exists", rec.Name)
		}
		// Nor one that prints as another, or under another's approval
		// number (orgindex.go), or one that reads as another's.
		if err := indexOrg(tx, rec.Name, orgKeys(&rec)...); err != nil {
			return err
		}
		if err := checkApprovalLookAlike(tx, rec.Name, rec.ApprovalNumber); err != nil {
			return err
		}
		// A certifier's number is printed on every certificate it signs:
		// of a CNCA approval number's form, as at a first issue (red team
		// 68: the operator's request took any text).
		if rec.Role == access.RoleCertifier && rec.ApprovalNumber != "" {
			if err := checkApprovalForm(rec.ApprovalNumber, rec.CreatedAt); err != nil {
				return err
			}
		}
		if err := putJSON(b, []byte(rec.Name), &orgRecord{V: recordV1, Organization: rec}); err != nil {
			return err
		}
		return audit(ctx, tx, rec.CreatedAt, access.AuditOrganizationCreate, "organization/"+rec.Name, orgCreateDetail(&rec))
	})
	if err != nil {
		return internal("create organisation", err)
	}
	org.CreatedAt = rec.CreatedAt
	return nil
}

// checkRegister returns EINVALID, naming the entry, for a certifier's
// register the store refuses (access.Organization.ValidateRegister checks
// its form): a signatory an issue could not print in the signature block
// (checkSignatory, CheckText), refused here rather than at every issue,
// one holding a list separator, one written otherwise than an earlier
// entry (OrgNameKey), or a scope entry that is no rule's code. At a body's
// creation and at each change of its register (setRegister).
func (s *AuthService) checkRegister(org *access.Organization) error {
	seen := make(map[string]int, len(org.Signatories))
	for i, name := range org.Signatories {
		field := fmt.Sprintf("signatories[%d]", i)
		// One entry, one person: a list given as one entry ("Zhang
		// San,Li Si", as --scope is written) signed as one signatory,
		// and one name written twice ("WANG LI", full-width "Ｗａｎｇ
		// Ｌｉ" beside "Wang Li") was two entries (red team 73).
		if sep, ok := signatorySeparator(name); ok {
			return footprint.FieldErrorf(footprint.EINVALID, field, "授权签字人 %[1]q 含分隔符 %[2]q:每项登记一名签字人(--signatory 逐名给出)。authorised signatory %[1]q contains the separator %[2]q: each entry registers one signatory (give --signatory for each)", name, sep)
		}
		if j, ok := seen[OrgNameKey(name)]; ok {
			return footprint.FieldErrorf(footprint.EINVALID, field, "授权签字人 %[1]q 与第 %[3]d 项 %[2]q 是同一姓名的不同写法:每人登记一次。authorised signatory %[1]q is entry %[3]d, %[2]q, written otherwise: each person is registered once", name, org.Signatories[j], j)
		}
		seen[OrgNameKey(name)] = i
		err := checkSignatory(name)
		if err == nil && s.CheckText != nil {
			err = s.CheckText(field, name)
		}
		if e := (*footprint.Error)(nil); errors.As(err, &e) {
			e2 := *e
			e2.Field = field
			return &e2
		} else if err != nil {
			return err
		}
	}
	// A scope names the rules a body is approved for: each a rule.
	for i, code := range org.Scope {
		if _, err := footprint.FindRule(code); err != nil {
			// FindRule's refusal is bilingual too: its Chinese goes to
			// the Chinese half, its English to the English. Both quote
			// the code, which may hold a "。" of its own: it is set
			// aside while the message is split at its "。".
			q := fmt.Sprintf("%q", code)
			zh, en := bilingualHalves(strings.ReplaceAll(footprint.ErrorMessage(err), q, `""`))
			return footprint.FieldErrorf(footprint.EINVALID, fmt.Sprintf("scope[%d]", i), "批准范围中的 %[1]q 不是核算规则的代码：%[2]s。%[1]q in the scope is not an accounting rule's code: %[3]s",
				code, strings.ReplaceAll(zh, `""`, q), strings.ReplaceAll(en, `""`, q))
		}
	}
	return nil
}

// signatorySeparators are the characters that list or join names: a
// signatory entry holding one reads as two people wherever one name is
// printed (the signature block of a certificate, the refusal naming the
// register, pcf orgs, joined with ", "): "Zhang San; Li Si", "Zhang San &
// Li Si", "Zhang San | Li Si". A person's name holds none of them; the
// joiners of names (a hyphen, an apostrophe, a period, the middle dot of
// a transliterated name, "Jean-Luc", "O'Brien", "阿卜杜拉·买买提") are
// not among them.
const signatorySeparators = ",、/;|&+"

// signatorySeparator returns the first character of name that is one of
// signatorySeparators in any of its forms (NFKC: the full-width "；",
// "，", "／", "＆", "｜", the small "﹔", "﹐", "﹑"), as it is written.
func signatorySeparator(name string) (rune, bool) {
	for _, r := range name {
		if strings.ContainsAny(norm.NFKC.String(string(r)), signatorySeparators) {
			return r, true
		}
	}
	return 0, false
}

// SetOrganizationRegister replaces the register of certification body
// name with signatories and scope (access.AuthService), audited as
// organization.register with the new lists in organization.create's form
// (orgCreateDetail), so that Check compares the record with the latest.
// The lists are checked as at its creation (ValidateRegister,
// checkRegister); a register the same as recorded writes nothing, but for
// one a restored copy brought back (registerPending): the operator states
// it again, from the body's CNCA file, before the body issues. Only
// the operator changes a register: a body's own key changing its
// signatories would let the staff member the register binds add a name
// and sign under it (reviewer 45).
func (s *AuthService) SetOrganizationRegister(ctx context.Context, name string, signatories, scope []string) (*access.Organization, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var org *access.Organization
	err := s.db.db.Update(func(tx *bolt.Tx) error {
		var rec orgRecord
		b := tx.Bucket(orgsBucket)
		if err := findJSON(b, []byte(name), &rec, "organisation %q not found", name); err != nil {
			return err
		}
		if rec.Role != access.RoleCertifier {
			return footprint.FieldErrorf(footprint.ECONFLICT, "org", "机构 %[1]q 的角色为 %[2]s,不是认证机构:只有认证机构登记授权签字人与批准范围。organisation %[1]q is a %[2]s, not a certification body: only a certification body has a register of signatories and a scope",
				name, rec.Role)
		}
		o := rec.Organization
		o.Signatories, o.Scope = slices.Clone(signatories), slices.Clone(scope)
		if err := o.ValidateRegister(); err != nil {
			return err
		}
		if err := s.checkRegister(&o); err != nil {
			return err
		}
		org = &o
		// The register as recorded writes nothing, unless it is a
		// restored copy's: stating it again is the operator's word that
		// it is the body's (red team 73).
		m, err := readMark(tx)
		if err != nil {
			return err
		}
		pending := m.registerPending(&rec)
		if slices.Equal(o.Signatories, rec.Signatories) && slices.Equal(o.Scope, rec.Scope) && !pending {
			return nil
		}
		now := s.db.now()
		if pending {
			if err := m.notBefore(now); err != nil { // else stated before the restore: still held
				return err
			}
		}
		rec.Organization, rec.RegisterAt = o, now
		if err := putJSON(b, []byte(name), &rec); err != nil {
			return err
		}
		return audit(ctx, tx, now, access.AuditOrganizationRegister, "organization/"+name, orgCreateDetail(&o))
	})
	if err != nil {
		return nil, internal("change organisation register", err)
	}
	return org, nil
}

// findOrg reads an organisation in tx. Returns ENOTFOUND if absent.
func findOrg(tx *bolt.Tx, name string) (*access.Organization, error) {
	var rec orgRecord
	if err := findJSON(tx.Bucket(orgsBucket), []byte(name), &rec, "organisation %q not found", name); err != nil {
		return nil, err
	}
	if rec.Role == access.RoleCertifier && (len(rec.Signatories) > 0 || len(rec.Scope) > 0) {
		m, err := readMark(tx)
		if err != nil {
			return nil, err
		}
		rec.RegisterPending = m.registerPending(&rec)
	}
	return &rec.Organization, nil
}

// recordApprovalNumber puts approval on the record of certifier
// organisation name in tx, with an audit event at now naming the
// certificate number it was first signed on, if the record has none yet:
// a certifier signs every certificate under one approval number, the first
// it gave (certificateInput refuses any other from then on). A record that
// has one is left as it is.
func recordApprovalNumber(ctx context.Context, tx *bolt.Tx, now time.Time, name, approval, number string) error {
	var rec orgRecord
	b := tx.Bucket(orgsBucket)
	if err := findJSON(b, []byte(name), &rec, "organisation %q not found", name); err != nil {
		return err
	}
	if rec.ApprovalNumber != "" {
		return nil
	}
	rec.ApprovalNumber = approval
	if err := indexOrg(tx, name, approvalOrgKey(approval)); err != nil { // another's: certificateInput refused it already
		return err
	}
	if err := checkApprovalLookAlike(tx, name, approval); err != nil {
		return err
	}
	if err := putJSON(b, []byte(name), &rec); err != nil {
		return err
	}
	return audit(ctx, tx, now, access.AuditOrganizationApproval, "organization/"+name, fmt.Sprintf("approval number %s, first given at the issue of %s", approval, number))
}

// approvalReadKey returns the form of an approval number as a reader
// takes it in: the form OrgNameKey gives a name (width folded, NFKD,
// Cyrillic and Greek look-alikes as Latin, every script's digits as 0-9,
// letters and digits only, O read as 0, I and L as 1). "CNCA-R-2O26-999",
// "CNCA R 2026 999", "CNCA/R/2026/999." and "СNСА-R-2026-999" (Cyrillic
// С and А) read as "CNCA-R-2026-999".
func approvalReadKey(number string) string { return OrgNameKey(number) }

// checkApprovalLookAlike returns ECONFLICT, naming approval_number, if
// approval (of organisation name, "" for none) reads as the approval
// number of another organisation in tx (approvalReadKey): the approval
// index tells apart what a reader takes for one number, so an operator
// could register a certification body under a number a certificate reader
// takes for a real body's (red team 29). Organisations are few, and this
// runs when one is created or records its number, so every one is read.
func checkApprovalLookAlike(tx *bolt.Tx, name, approval string) error {
	if approval == "" {
		return nil
	}
	want := approvalReadKey(approval)
	orgs, err := allOrgs(tx)
	if err != nil {
		return err
	}
	for _, o := range orgs {
		if o.Name != name && o.ApprovalNumber != "" && approvalReadKey(o.ApprovalNumber) == want {
			return footprint.FieldErrorf(footprint.ECONFLICT, "approval_number",
				"approval number %q reads as %q, the approval number of organisation %q", approval, o.ApprovalNumber, o.Name)
		}
	}
	return nil
}

// FindOrganizationByName returns ENOTFOUND if there is no such organisation.
func (s *AuthService) FindOrganizationByName(ctx context.Context, name string) (*access.Organization, error) {
	return view(ctx, s.db, "find organisation", func(tx *bolt.Tx) (*access.Organization, error) {
		return findOrg(tx, name)
	})
}

// FindOrganizations returns every organisation, ordered by name (bytewise).
func (s *AuthService) FindOrganizations(ctx context.Context) ([]*access.Organization, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var orgs []*access.Organization
	err := s.db.db.View(func(tx *bolt.Tx) (err error) {
		orgs, err = allOrgs(tx)
		return err
	})
	if err != nil {
		return nil, internal("find organisations", err)
	}
	return orgs, nil
}

// allOrgs reads every organisation in tx, ordered by name (bytewise).
func allOrgs(tx *bolt.Tx) ([]*access.Organization, error) {
	var orgs []*access.Organization
	err := tx.Bucket(orgsBucket).ForEach(func(k, v []byte) error {
		var rec orgRecord
		if err := decodeJSON(v, &rec); err != nil {
			return fmt.Errorf("organisation %q: %w", k, err)
		}
		orgs = append(orgs, &rec.Organization)
		return nil
	})
	return orgs, err
}

// CreateAPIKey makes a key for an existing organisation and returns its
// token, which is stored only as a hash and cannot be shown again. Returns
// ENOTFOUND for an unknown organisation.
func (s *AuthService) CreateAPIKey(ctx context.Context, org string) (string, *access.APIKey, error) {
	if err := ctx.Err(); err != nil {
		return "", nil, err
	}
	secret, err := randomToken(secretBytes)
	if err != nil {
		return "", nil, err
	}
	sum := sha256.Sum256([]byte(secret))
	now := s.db.now()
	var key *access.APIKey
	err = s.db.db.Update(func(tx *bolt.Tx) error {
		o, err := findOrg(tx, org)
		if err != nil {
			return err
		}
		b := tx.Bucket(apiKeysBucket)
		var id string
		for {
			// 64 random bits: a collision is all but impossible, but
			// a key ID must never be reused.
			raw := make([]byte, keyIDBytes)
			if _, err := rand.Read(raw); err != nil {
				return fmt.Errorf("read random key id: %w", err)
			}
			if id = hex.EncodeToString(raw); b.Get([]byte(id)) == nil {
				break
			}
		}
		rec := &apiKeyRecord{V: recordV1, ID: id, Org: o.Name, Role: string(o.Role), SecretHash: sum[:], CreatedAt: now}
		detail := "organisation " + o.Name
		var keys map[string]*apiKeyRecord
		if o.Role == access.RoleCertifier {
			if keys, err = orgAPIKeys(tx, o.Name); err != nil {
				return err
			}
			held := false
			for _, k := range keys {
				held = held || usable(k)
			}
			switch {
			case held:
				rec.AwaitsOrg = true
				detail += keyAwaitsOrgDetail
			case len(keys) > 0: // every key it held is revoked or waits
				rec.Recovery = true
				detail += keyRecoveryDetail
			}
		}
		if err := putJSON(b, []byte(id), rec); err != nil {
			return err
		}
		if err := tx.Bucket(orgKeysBucket).Put(indexKey(id, rec.Org), nil); err != nil {
			return err
		}
		if rec.Recovery {
			if err := tx.Bucket(recoveryKeysBucket).Put([]byte(id), nil); err != nil {
				return fmt.Errorf("put index of recovery keys: %w", err)
			}
		}
		key = keyOf(keys, rec)
		return audit(ctx, tx, now, access.AuditKeyCreate, "key/"+id, detail)
	})
	if err != nil {
		return "", nil, internal("create api key", err)
	}
	return apiTokenPrefix + key.ID + "_" + secret, key, nil
}

// usable reports whether rec is neither revoked nor waiting for its
// organisation's confirmation: a key that can confirm a new key.
func usable(rec *apiKeyRecord) bool { return rec.RevokedAt.IsZero() && !rec.waiting() }

// OrganizationAPIKeys returns the keys of organisation org, revoked ones
// too, by creation. Returns ENOTFOUND for an unknown organisation.
func (s *AuthService) OrganizationAPIKeys(ctx context.Context, org string) ([]*access.APIKey, error) {
	return view(ctx, s.db, "find organisation api keys", func(tx *bolt.Tx) ([]*access.APIKey, error) {
		if _, err := findOrg(tx, org); err != nil {
			return nil, err
		}
		recs, err := orgAPIKeys(tx, org)
		if err != nil {
			return nil, err
		}
		var keys []*access.APIKey
		for _, rec := range recs {
			k := keyOf(recs, rec)
			// Who made it, as its key.create event says: the body tells a
			// key the operator made from one it asked for.
			if err := eachSubjectEvent(tx, "key/"+rec.ID, func(ev *auditRecord) error {
				if ev.Action == access.AuditKeyCreate {
					k.CreatedBy, k.CreatedByOrg = ev.KeyID, ev.Actor
				}
				return nil
			}); err != nil {
				return nil, err
			}
			keys = append(keys, k)
		}
		slices.SortFunc(keys, func(a, b *access.APIKey) int {
			return cmp.Or(a.CreatedAt.Compare(b.CreatedAt), strings.Compare(a.ID, b.ID))
		})
		return keys, nil
	})
}

// EndorseAPIKey confirms the waiting key id with the caller's key, of the
// same organisation (access.AuthService.EndorseAPIKey).
func (s *AuthService) EndorseAPIKey(ctx context.Context, id string) (*access.APIKey, error) {
	return s.endorseAPIKey(ctx, id, "")
}

// VouchAPIKey vouches for the recovery key id with the token of a former
// key of its organisation (access.AuthService.VouchAPIKey).
func (s *AuthService) VouchAPIKey(ctx context.Context, id, formerToken string) (*access.APIKey, error) {
	if formerToken == "" {
		return nil, footprint.FieldErrorf(footprint.EINVALID, "former_token", "请给出贵机构在此之前持有的一把密钥的令牌。give the token of a key your organisation held before this one")
	}
	return s.endorseAPIKey(ctx, id, formerToken)
}

// endorseAPIKey is EndorseAPIKey, or VouchAPIKey with a former key's
// token, in one transaction with its audit event.
func (s *AuthService) endorseAPIKey(ctx context.Context, id, formerToken string) (*access.APIKey, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	p := access.PrincipalFromContext(ctx)
	if p == nil || p.KeyID == "" {
		return nil, footprint.Errorf(footprint.EFORBIDDEN, "机构的新密钥须由该机构的一把密钥确认。a key of the organisation confirms its new keys")
	}
	var key *access.APIKey
	err := s.db.db.Update(func(tx *bolt.Tx) error {
		keys, err := orgAPIKeys(tx, p.Org)
		if err != nil {
			return err
		}
		// Another organisation's key is not told apart from an unknown one.
		rec := keys[id]
		if rec == nil {
			return footprint.FieldErrorf(footprint.ENOTFOUND, "id", "贵机构没有 API 密钥 %[1]q。your organisation has no api key %[1]q", id)
		}
		if !rec.RevokedAt.IsZero() {
			return footprint.FieldErrorf(footprint.ECONFLICT, "id", "API 密钥 %[1]q 已于 %[2]s 吊销,不能恢复。api key %[1]q was revoked at %[2]s: it stays revoked", id, rec.RevokedAt.UTC().Format(time.RFC3339))
		}
		var detail string
		switch {
		case formerToken != "" && !rec.Recovery:
			return footprint.FieldErrorf(footprint.EINVALID, "former_token", "API 密钥 %[1]q 不是恢复密钥(贵机构没有可用密钥时创建的密钥),不能用以前密钥的令牌担保:待确认的密钥由贵机构的一把密钥确认(POST /v1/org/keys/%[1]s/confirm),其他密钥无需任何操作。api key %[1]q is no recovery key (one made while your organisation held no usable key), so no former key's token vouches for it: a key that waits is confirmed by a key of your organisation (POST /v1/org/keys/%[1]s/confirm), and any other needs nothing", id)
		case formerToken != "" && rec.EndorsedAt.IsZero():
			former, err := matchAPIToken(tx, formerToken)
			if err != nil {
				return err
			}
			// The former key must be one the organisation held before this
			// one, and its own (not itself a key nobody vouched for): a
			// secret the operator, who made this key, cannot make again.
			if former == nil || keys[former.ID] == nil || former.ID == id || former.CreatedAt.After(rec.CreatedAt) ||
				former.waiting() || unvouched(inMap(keys), keys[former.ID]) {
				return footprint.FieldErrorf(footprint.EINVALID, "former_token", "这不是 %[1]s 在 API 密钥 %[2]q 之前持有、且本身已获担保的密钥的令牌。not the token of a key %[1]s held before api key %[2]q and vouched for itself", p.Org, id)
			}
			rec.EndorsedBy, detail = former.ID, fmt.Sprintf("organisation %s, vouched for with its former key %s", rec.Org, former.ID)
		case rec.Recovery && rec.EndorsedAt.IsZero():
			return footprint.FieldErrorf(footprint.EINVALID, "former_token", "API 密钥 %[1]q 创建时 %[2]s 没有可用密钥:其任何密钥都不能确认它;请用 %[2]s 以前持有的密钥的令牌为它担保(POST /v1/org/keys/%[1]s/vouch {former_token})。api key %[1]q was made while %[2]s held no usable key: no key of it can confirm it; vouch for it with the token of a key %[2]s held before (POST /v1/org/keys/%[1]s/vouch {former_token})", id, rec.Org)
		case rec.waiting():
			rec.EndorsedBy, detail = p.KeyID, fmt.Sprintf("organisation %s, confirmed with its key %s", rec.Org, p.KeyID)
		}
		if detail != "" {
			rec.EndorsedAt = s.db.now()
			if err := putJSON(tx.Bucket(apiKeysBucket), []byte(id), rec); err != nil {
				return err
			}
			if err := audit(ctx, tx, rec.EndorsedAt, access.AuditKeyEndorse, "key/"+id, detail); err != nil {
				return err
			}
			// What it issued or set valid is served again (pactoutbox.go).
			if err := notePACTKeys(tx, rec.EndorsedAt); err != nil {
				return err
			}
		}
		key = keyOf(keys, rec)
		return nil
	})
	if err != nil {
		return nil, internal("endorse api key", err)
	}
	return key, nil
}

// CertificateKeys returns the API key that issued certificate id, as its
// certificate.issue (or reissue) event names it, and the key of its latest
// suspension, reinstatement, withdrawal or review, each with Unvouched and
// CompromisedUse (access.AuthService.CertificateKeys); nil for either if
// no event names one.
func (s *AuthService) CertificateKeys(ctx context.Context, id string) (issued, status *access.APIKey, err error) {
	keys, err := view(ctx, s.db, "find certificate api keys", func(tx *bolt.Tx) ([2]*access.APIKey, error) {
		return certificateKeys(tx, id)
	})
	return keys[0], keys[1], err
}

// certificateKeys reads in tx what CertificateKeys returns: the key that
// issued certificate id and the key of its latest status decision, each
// with CompromisedUse when its event was at or after the key's
// CompromisedSince.
func certificateKeys(tx *bolt.Tx, id string) ([2]*access.APIKey, error) {
	var by [2]string
	var at [2]time.Time
	err := eachSubjectEvent(tx, "certificate/"+id, func(ev *auditRecord) error {
		switch ev.Action {
		case access.AuditCertificateIssue, access.AuditCertificateReissue:
			by[0], at[0] = ev.KeyID, ev.At // the latest: a reissue is signed by the key that made it
		case access.AuditCertificateSuspend, access.AuditCertificateReinstate, access.AuditCertificateWithdraw, access.AuditCertificateReview:
			// Red team 48: a status set by a key nobody vouched for is
			// marked too, and so is a review, which lets a flagged
			// certificate stand as plainly valid.
			by[1], at[1] = ev.KeyID, ev.At
		}
		return nil
	})
	var out [2]*access.APIKey
	for i := 0; i < len(by) && err == nil; i++ {
		out[i], err = readKey(tx, by[i])
		if k := out[i]; k != nil && !k.CompromisedSince.IsZero() && !at[i].Before(k.CompromisedSince) {
			k.CompromisedUse = true
		}
	}
	return out, err
}

// readKey reads API key id with Unvouched; nil for no id or no such key.
func readKey(tx *bolt.Tx, id string) (*access.APIKey, error) {
	if id == "" {
		return nil, nil
	}
	var rec apiKeyRecord
	if ok, err := getJSON(tx.Bucket(apiKeysBucket), []byte(id), &rec); err != nil || !ok {
		return nil, err
	}
	// The keys its confirmation leads back to, read one by one: a verification reads a chain, not every key
	// of the file (orgAPIKeys).
	var readErr error
	k := rec.key()
	k.Unvouched = unvouched(func(id string) *apiKeyRecord {
		next := new(apiKeyRecord)
		ok, err := getJSON(tx.Bucket(apiKeysBucket), []byte(id), next)
		if readErr = cmp.Or(readErr, err); !ok || err != nil {
			return nil
		}
		return next
	}, &rec)
	return k, readErr
}

// RevokeAPIKey revokes a key and deletes the access tokens issued for it.
// Revoking a revoked key changes nothing. Returns ENOTFOUND for an unknown
// key.
func (s *AuthService) RevokeAPIKey(ctx context.Context, id string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	now := s.db.now()
	err := s.db.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(apiKeysBucket)
		var rec apiKeyRecord
		if err := findJSON(b, []byte(id), &rec, "api key %q not found", id); err != nil {
			return err
		}
		if !rec.RevokedAt.IsZero() {
			return nil
		}
		rec.RevokedAt = now
		if err := putJSON(b, []byte(id), &rec); err != nil {
			return err
		}
		// Authenticate refuses access tokens of a revoked key anyway;
		// deleting them keeps the bucket small.
		if err := revokeAccessTokens(tx, id); err != nil {
			return err
		}
		return audit(ctx, tx, now, access.AuditKeyRevoke, "key/"+id, "organisation "+rec.Org)
	})
	return internal("revoke api key", err)
}

// MarkAPIKeyCompromised records that API key id was stolen or leaked as
// of since, revokes it if it is not revoked yet, in one transaction with
// its audit events (access.AuthService.MarkAPIKeyCompromised). A key
// marked before keeps the earlier of the two times.
func (s *AuthService) MarkAPIKeyCompromised(ctx context.Context, id string, since time.Time) (*access.APIKey, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	now := s.db.now()
	switch {
	case since.IsZero():
		return nil, footprint.FieldErrorf(footprint.EINVALID, "since", "须给出密钥泄露的时间(RFC 3339)。give the time the key was compromised as of (RFC 3339)")
	case since.After(now):
		return nil, footprint.FieldErrorf(footprint.EINVALID, "since", "泄露时间 %[1]s 晚于当前时间 %[2]s:不能标记将来的时间。the time %[1]s is after now (%[2]s): a key is marked compromised as of a past time", since.UTC().Format(time.RFC3339), now.UTC().Format(time.RFC3339))
	}
	var key *access.APIKey
	err := s.db.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(apiKeysBucket)
		var rec apiKeyRecord
		if ok, err := getJSON(b, []byte(id), &rec); err != nil {
			return err
		} else if !ok {
			return footprint.FieldErrorf(footprint.ENOTFOUND, "id", "没有 API 密钥 %[1]q。api key %[1]q not found", id)
		}
		if err := markCompromised(ctx, tx, now, &rec, since, "reported compromised", ""); err != nil {
			return err
		}
		// A key the compromised key confirmed or vouched for at or after
		// the time it was compromised as of came by the thief's hand: it
		// is compromised as of that confirmation, and so on down the chain
		// (session 43; red team 56 left it: the thief's own key, confirmed
		// with the stolen one, stayed usable and vouched for).
		// So is a key an admin key made at or after that time (red team
		// 60: the thief's keys minted with the operator's stolen key), and
		// a key a restore brought back that an admin key confirmed at or
		// after it (red team 66: a key revoked after the copy, confirmed
		// by the thief, stayed usable), as of that confirmation.
		byOrg := map[string]map[string]*apiKeyRecord{}
		keysOf := func(org string) (map[string]*apiKeyRecord, error) {
			if byOrg[org] == nil {
				keys, err := orgAPIKeys(tx, org)
				if err != nil {
					return nil, err
				}
				byOrg[org] = keys
			}
			return byOrg[org], nil
		}
		keys, err := keysOf(rec.Org)
		if err != nil {
			return err
		}
		keys[id] = &rec
		var madeBy, confirmedBy map[string][]keyMade // read once, at the first admin key
		for queue := []*apiKeyRecord{&rec}; len(queue) > 0; queue = queue[1:] {
			by := queue[0]
			mark := func(n *apiKeyRecord, at time.Time, why string) error {
				if !n.CompromisedSince.IsZero() && !n.CompromisedSince.After(at) {
					return nil
				}
				why = fmt.Sprintf(why, by.ID)
				queue = append(queue, n)
				return markCompromised(ctx, tx, now, n, at, why, "; "+why)
			}
			keys, err := keysOf(by.Org)
			if err != nil {
				return err
			}
			for _, kid := range slices.Sorted(maps.Keys(keys)) {
				n := keys[kid]
				if n.EndorsedBy != by.ID || n.EndorsedAt.IsZero() || n.EndorsedAt.Before(by.CompromisedSince) {
					continue
				}
				if err := mark(n, n.EndorsedAt, "confirmed by key %s after it was compromised"); err != nil {
					return err
				}
			}
			if access.Role(by.Role) != access.RoleAdmin {
				continue
			}
			if madeBy == nil {
				if madeBy, err = keysMadeBy(tx, access.AuditKeyCreate, "made by key %s after it was compromised"); err != nil {
					return err
				}
				if confirmedBy, err = keysMadeBy(tx, access.AuditKeyConfirm, "confirmed after a restore by key %s after it was compromised"); err != nil {
					return err
				}
			}
			for _, m := range slices.Concat(madeBy[by.ID], confirmedBy[by.ID]) {
				if m.at.Before(by.CompromisedSince) {
					continue
				}
				var made apiKeyRecord
				if found, err := getJSON(tx.Bucket(apiKeysBucket), []byte(m.id), &made); err != nil {
					return err
				} else if !found {
					continue
				}
				keys, err := keysOf(made.Org)
				if err != nil {
					return err
				}
				if keys[m.id] == nil {
					continue
				}
				if err := mark(keys[m.id], m.at, m.why); err != nil {
					return err
				}
			}
		}
		// What they issued or set valid since is withheld (pactoutbox.go).
		if err := notePACTKeys(tx, now); err != nil {
			return err
		}
		key, err = readKey(tx, id)
		return err
	})
	if err != nil {
		return nil, internal("mark api key compromised", err)
	}
	return key, nil
}

// keyMade is a key's creation (or confirmation after a restore) as its
// key.create (key.confirm) event records it, with why a cascade marks the
// key compromised (MarkAPIKeyCompromised).
type keyMade struct {
	id  string
	at  time.Time
	why string
}

// keysMadeBy returns the keys made (action access.AuditKeyCreate) or
// confirmed after a restore (access.AuditKeyConfirm), by the ID of the key
// that made or confirmed them, in the order of the audit trail. It reads
// the trail of those events once, before a cascade (MarkAPIKeyCompromised)
// writes audit events: a write to the audit index under the cursor
// reading it moved the cursor, and keys a stolen admin key made were
// passed over. Each carries why (a format of the key's ID).
func keysMadeBy(tx *bolt.Tx, action, why string) (map[string][]keyMade, error) {
	out := map[string][]keyMade{}
	err := eachIndexedEvent(tx, auditIndexPrefix('c', action), func(ev *auditRecord) error {
		if kid, ok := strings.CutPrefix(ev.Subject, "key/"); ok && ev.KeyID != "" {
			out[ev.KeyID] = append(out[ev.KeyID], keyMade{kid, ev.At, why})
		}
		return nil
	})
	return out, err
}

// markCompromised marks API key rec compromised as of since (the earlier
// of since and an earlier mark), revokes it if it is not revoked yet
// (its access tokens with it), and stores it, in tx with its audit events:
// the revocation's detail says why, the compromise's ends with more.
func markCompromised(ctx context.Context, tx *bolt.Tx, now time.Time, rec *apiKeyRecord, since time.Time, why, more string) error {
	if rec.RevokedAt.IsZero() {
		rec.RevokedAt = now
		if err := revokeAccessTokens(tx, rec.ID); err != nil {
			return err
		}
		if err := audit(ctx, tx, now, access.AuditKeyRevoke, "key/"+rec.ID, "organisation "+rec.Org+"; "+why); err != nil {
			return err
		}
	}
	if rec.CompromisedSince.IsZero() || since.Before(rec.CompromisedSince) {
		rec.CompromisedSince = since.UTC()
	}
	if err := putJSON(tx.Bucket(apiKeysBucket), []byte(rec.ID), rec); err != nil {
		return err
	}
	if err := tx.Bucket(compromisedKeysBucket).Put([]byte(rec.ID), nil); err != nil {
		return fmt.Errorf("put index of compromised keys: %w", err)
	}
	return audit(ctx, tx, now, access.AuditKeyCompromise, "key/"+rec.ID, fmt.Sprintf("organisation %s; compromised since %s%s", rec.Org, rec.CompromisedSince.Format(time.RFC3339Nano), more))
}

// RestoredAPIKeys returns the API keys a restore brought back unconfirmed
// (restoreMark.keyPending), by organisation, then creation: what an admin
// checks before confirming them. None if the database was never restored;
// ECONFLICT for a copy not started yet.
func (s *AuthService) RestoredAPIKeys(ctx context.Context) ([]*access.APIKey, error) {
	return view(ctx, s.db, "find restored api keys", func(tx *bolt.Tx) ([]*access.APIKey, error) {
		recs, _, err := restoredKeys(s.db, tx)
		keys := make([]*access.APIKey, len(recs))
		for i, r := range recs {
			keys[i] = r.key()
		}
		return keys, err
	})
}

// restoredKeys returns the key records of tx that restoreMark.keyPending
// refuses, by organisation, then creation, with the mark (nil if never
// restored); ECONFLICT for a copy not started yet, whose keys will wait
// once it starts.
func restoredKeys(db *DB, tx *bolt.Tx) ([]*apiKeyRecord, *restoreMark, error) {
	if c, err := copyMarked(tx); err != nil {
		return nil, nil, err
	} else if c != nil {
		return nil, nil, errCopyNotStarted()
	}
	m, err := db.restoredMark(tx)
	if err != nil || m == nil {
		return nil, m, err
	}
	var recs []*apiKeyRecord
	err = forEachRecord(tx.Bucket(apiKeysBucket), "api key", func(_ []byte, rec *apiKeyRecord) error {
		if m.keyPending(rec) {
			recs = append(recs, rec)
		}
		return nil
	})
	slices.SortFunc(recs, func(a, b *apiKeyRecord) int {
		return cmp.Or(strings.Compare(a.Org, b.Org), a.CreatedAt.Compare(b.CreatedAt), strings.Compare(a.ID, b.ID))
	})
	return recs, m, err
}

// errCopyNotStarted is the error of confirming keys in a copy not started
// yet: its restore is recorded at its first start, and a confirmation
// before it would not count.
func errCopyNotStarted() error {
	return footprint.Errorf(footprint.ECONFLICT, "this database is a copy not started yet: start pcf serve on it once, then confirm its keys")
}

// ConfirmAPIKey confirms the API key id after a restore: its ConfirmedAt
// is set and an AuditKeyConfirm event recorded, if the key was pending
// (restoreMark.keyPending); any other unrevoked key is returned as it is.
// Returns ENOTFOUND for an unknown key, ECONFLICT for a revoked one or a
// copy not started yet.
func (s *AuthService) ConfirmAPIKey(ctx context.Context, id string) (*access.APIKey, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var key *access.APIKey
	err := s.db.db.Update(func(tx *bolt.Tx) error {
		var rec apiKeyRecord
		if err := findJSON(tx.Bucket(apiKeysBucket), []byte(id), &rec, "api key %q not found", id); err != nil {
			return err
		}
		if !rec.RevokedAt.IsZero() {
			return footprint.Errorf(footprint.ECONFLICT, "api key %q was revoked at %s: it stays revoked; make a new key", id, rec.RevokedAt.UTC().Format(time.RFC3339))
		}
		m, err := s.db.restoredMark(tx)
		if err != nil {
			return err
		}
		if c, err := copyMarked(tx); err != nil {
			return err
		} else if c != nil {
			return errCopyNotStarted()
		}
		if m.keyPending(&rec) {
			if err := confirmKey(ctx, tx, s.db.now(), m, &rec, "confirmed one by one"); err != nil {
				return err
			}
		}
		key = rec.key()
		return nil
	})
	if err != nil {
		return nil, internal("confirm api key", err)
	}
	return key, nil
}

// ConfirmRestoredAPIKeys confirms every API key RestoredAPIKeys lists, in
// one transaction (keys are few), each with an AuditKeyConfirm event
// naming reason, and returns them. Returns EINVALID without a reason,
// ECONFLICT for a copy not started yet.
func (s *AuthService) ConfirmRestoredAPIKeys(ctx context.Context, reason string) ([]*access.APIKey, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return nil, footprint.FieldErrorf(footprint.EINVALID, "reason", "须给出理由。a reason is required")
	}
	var keys []*access.APIKey
	err := s.db.db.Update(func(tx *bolt.Tx) error {
		recs, m, err := restoredKeys(s.db, tx)
		if err != nil {
			return err
		}
		now := s.db.now()
		for _, rec := range recs {
			if err := confirmKey(ctx, tx, now, m, rec, reason+" (confirmed with every key the restore brought back)"); err != nil {
				return err
			}
			keys = append(keys, rec.key())
		}
		return nil
	})
	if err != nil {
		return nil, internal("confirm restored api keys", err)
	}
	return keys, nil
}

// confirmKey sets the ConfirmedAt of the pending key rec to now and
// records it, with why, in the audit trail; ECONFLICT if now is not after
// the restore m (restoreMark.notBefore).
func confirmKey(ctx context.Context, tx *bolt.Tx, now time.Time, m *restoreMark, rec *apiKeyRecord, why string) error {
	if err := m.notBefore(now); err != nil {
		return err
	}
	rec.ConfirmedAt = now
	if err := putJSON(tx.Bucket(apiKeysBucket), []byte(rec.ID), rec); err != nil {
		return err
	}
	return audit(ctx, tx, now, access.AuditKeyConfirm, "key/"+rec.ID, fmt.Sprintf(
		"organisation %s, key created at %s, brought back by the restore from the copy taken at %s: %s",
		rec.Org, rec.CreatedAt.UTC().Format(time.RFC3339), m.CopyEnd.UTC().Format(time.RFC3339), why))
}

// parseAPIToken splits "pcf_<key ID>_<secret>". The secret may itself
// contain '_' (base64url); the key ID is hex.
func parseAPIToken(token string) (id, secret string, ok bool) {
	rest, ok := strings.CutPrefix(token, apiTokenPrefix)
	if !ok {
		return "", "", false
	}
	id, secret, ok = strings.Cut(rest, "_")
	return id, secret, ok && len(id) == 2*keyIDBytes && secret != ""
}

// checkAPIToken returns the key record of a valid, unrevoked API key token,
// or nil; ERESTOREDKEY for the token of a key a restore brought back
// unconfirmed (restoreMark.keyPending), which only its holder, who has the
// secret, is told.
func checkAPIToken(db *DB, tx *bolt.Tx, token string) (*apiKeyRecord, error) {
	rec, err := matchAPIToken(tx, token)
	if err != nil || rec == nil || !rec.RevokedAt.IsZero() {
		return nil, err
	}
	if m, err := db.restoredMark(tx); err != nil {
		return nil, err
	} else if m.keyPending(rec) {
		return nil, errRestoredKey(m)
	}
	if rec.waiting() {
		return nil, errKeyAwaitsOrg(rec)
	}
	return rec, nil
}

// matchAPIToken returns the key of token when its secret matches, revoked
// or not, and nil for a malformed token, an unknown key or a wrong secret.
func matchAPIToken(tx *bolt.Tx, token string) (*apiKeyRecord, error) {
	id, secret, ok := parseAPIToken(token)
	if !ok {
		return nil, nil
	}
	var rec apiKeyRecord
	found, err := getJSON(tx.Bucket(apiKeysBucket), []byte(id), &rec)
	if err != nil {
		return nil, fmt.Errorf("api key %s: %w", id, err)
	}
	sum := sha256.Sum256([]byte(secret))
	// Compare even when the key is unknown, so that the time taken does
	// not tell an unknown key from a wrong secret.
	want := rec.SecretHash
	if !found || len(want) != sha256.Size {
		want = make([]byte, sha256.Size)
	}
	if !found || subtle.ConstantTimeCompare(sum[:], want) != 1 {
		return nil, nil
	}
	return &rec, nil
}

// errKeyAwaitsOrg is the error of the key rec, which waits for its
// organisation's confirmation.
func errKeyAwaitsOrg(rec *apiKeyRecord) error {
	return footprint.Errorf(access.EKEYAWAITSORG,
		"此 API 密钥创建时 %[1]s 已持有其他有效密钥,须由该机构的一把现有密钥确认后方可使用。"+
			"This API key was made while %[1]s held another usable key: one of the organisation's keys must confirm it (POST /v1/org/keys/%[2]s/confirm) before it is used",
		rec.Org, rec.ID)
}

// errRestoredKey is the error of an API key the restore m brought back
// unconfirmed.
func errRestoredKey(m *restoreMark) error {
	return footprint.Errorf(access.ERESTOREDKEY,
		"数据库已从备份副本恢复,此 API 密钥须经管理员确认后方可使用。the database was restored (at %s) from a copy taken at %s, "+
			"which may not hold this key's revocation: an admin must confirm the key (POST /v1/admin/keys/{id}/confirm, or pcf keys confirm on the database file) before it is used again",
		m.At.UTC().Format(time.RFC3339), m.CopyEnd.UTC().Format(time.RFC3339))
}

// Authenticate returns the principal of an API key token or of an
// unexpired access token whose key is not revoked. Returns EUNAUTHORIZED
// for anything else, without saying why.
func (s *AuthService) Authenticate(ctx context.Context, token string) (*access.Principal, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	now := s.db.now()
	var p *access.Principal
	err := s.db.db.View(func(tx *bolt.Tx) error {
		var key *apiKeyRecord
		var err error
		switch {
		case strings.HasPrefix(token, accessTokenPrefix):
			key, err = checkAccessToken(s.db, tx, token, now)
		case strings.HasPrefix(token, apiTokenPrefix):
			key, err = checkAPIToken(s.db, tx, token)
		}
		if err != nil {
			return err
		}
		if key == nil {
			return errUnauthorized()
		}
		p = &access.Principal{Org: key.Org, Role: access.Role(key.Role), KeyID: key.ID}
		return nil
	})
	if err != nil {
		return nil, internal("authenticate", err)
	}
	return p, nil
}

// checkAccessToken returns the key record an unexpired access token was
// issued for, if that key is not revoked; nil otherwise. A token issued
// before the last restore of the database (restoreMark.tokenStale) expired
// then: its key may have been revoked after the copy was taken, and its
// holder gets a new one with the key (ErrTokenExpired, which PACT clients
// answer so).
func checkAccessToken(db *DB, tx *bolt.Tx, token string, now time.Time) (*apiKeyRecord, error) {
	sum := sha256.Sum256([]byte(token))
	var at accessTokenRecord
	// The lookup is by the hash of the whole token: timing reveals at most
	// something about a hash, never about a stored token.
	if ok, err := getJSON(tx.Bucket(accessTokensBucket), sum[:], &at); err != nil {
		return nil, fmt.Errorf("access token: %w", err)
	} else if !ok {
		return nil, nil
	} else if !now.Before(at.ExpiresAt) {
		return nil, access.ErrTokenExpired
	}
	m, err := db.restoredMark(tx)
	if err != nil {
		return nil, err
	}
	if m.tokenStale(&at) {
		return nil, access.ErrTokenExpired
	}
	var key apiKeyRecord
	if ok, err := getJSON(tx.Bucket(apiKeysBucket), []byte(at.KeyID), &key); err != nil {
		return nil, fmt.Errorf("api key %s: %w", at.KeyID, err)
	} else if !ok || !key.RevokedAt.IsZero() || m.keyPending(&key) || key.waiting() {
		return nil, nil
	}
	return &key, nil
}

// IssueAccessToken is the OAuth2 client-credentials grant: clientID is a
// key ID and clientSecret that key's full API token. It returns a random
// access token valid for ttl, stored only as its SHA-256 with its expiry,
// and deletes expired access tokens on the way. Returns EUNAUTHORIZED for
// bad credentials and EINVALID for a ttl that is not positive.
func (s *AuthService) IssueAccessToken(ctx context.Context, clientID, clientSecret string, ttl time.Duration) (string, time.Time, error) {
	if err := ctx.Err(); err != nil {
		return "", time.Time{}, err
	}
	if ttl <= 0 {
		return "", time.Time{}, footprint.Errorf(footprint.EINVALID, "access token lifetime must be positive")
	}
	if id, _, ok := parseAPIToken(clientSecret); !ok || id != clientID {
		return "", time.Time{}, errUnauthorized()
	}
	raw, err := randomToken(secretBytes)
	if err != nil {
		return "", time.Time{}, err
	}
	token := accessTokenPrefix + raw
	sum := sha256.Sum256([]byte(token))
	now := s.db.now()
	expires := now.Add(ttl)
	err = s.db.db.Update(func(tx *bolt.Tx) error {
		key, err := checkAPIToken(s.db, tx, clientSecret)
		if err != nil {
			return err
		}
		if key == nil {
			return errUnauthorized()
		}
		// Expired tokens are kept a day, so that their holders hear
		// "expired" (PACT TokenExpired), not "unknown".
		if err := pruneAccessTokens(tx, now.Add(-ExpiredTokenRetention)); err != nil {
			return err
		}
		return putAccessToken(tx, sum[:], &accessTokenRecord{V: recordV1, KeyID: key.ID, CreatedAt: now, ExpiresAt: expires})
	})
	if err != nil {
		return "", time.Time{}, internal("issue access token", err)
	}
	return token, expires, nil
}

// ExpiredTokenRetention is how long an expired access token is kept, so
// that Authenticate can answer access.ErrTokenExpired for it.
const ExpiredTokenRetention = 24 * time.Hour

// randomToken returns n random bytes in unpadded base64url.
func randomToken(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("factordb: read random: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}
