// Package access holds who may act in the service and the trail of what
// they did: organisations and their roles, API keys, the authenticated
// caller of a request, and audit events. It depends only on footprint's
// errors and text checks.
package access

import (
	"context"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/chengdu-pcf/pcf/footprint"
)

// Role is what an organisation does in the service; it decides what its
// clients may read and change.
type Role string

// Roles (PRODUCT.md "Who uses it").
const (
	RoleManufacturer Role = "manufacturer" // its own products, studies and applications
	RoleCertifier    Role = "certifier"    // applications addressed to it; issues certificates
	RoleRegulator    Role = "regulator"    // reads everything, changes nothing
	RoleAdmin        Role = "admin"        // the operator: organisations, keys, signing keys, backups; factor sets too
	RolePartner      Role = "partner"      // a PACT data recipient (a buyer): reads footprints through the PACT API only
	// RoleCurator curates factor data and nothing else: separation of
	// duties, since whoever mints keys could mint a certifier's and issue
	// certificates (docs/integrity.md).
	RoleCurator Role = "curator" // factor sets: create, import, publish, review plausibility flags
)

// Roles lists every role.
var Roles = []Role{RoleManufacturer, RoleCertifier, RoleRegulator, RoleAdmin, RolePartner, RoleCurator}

var orgNameRe = regexp.MustCompile(`^\S.{0,126}\S$|^\S$`)

// Organization is a company or body using the service: a manufacturer, a
// certification body, a market regulator, or the operator (admin). Its JSON
// form is the same in the API's answers and in the store; requests bind a
// smaller type without CreatedAt.
type Organization struct {
	Name      string    `json:"name"` // unique, e.g. "Tongwei Solar (Chengdu)"; how other parties address it
	Role      Role      `json:"role"`
	CreatedAt time.Time `json:"created_at"`

	// Profile printed on certificates; optional.
	NameZH         string `json:"name_zh,omitempty"`         // Chinese name, when Name is not it
	Address        string `json:"address,omitempty"`         // registered address
	ApprovalNumber string `json:"approval_number,omitempty"` // certifiers: CNCA approval number (批准号) of the certification body

	// Signatories are a certification body's authorised signatories
	// (授权签字人), as the operator registered them at its creation: an
	// issue names one of them, or is refused (red team 68: any name was
	// signed and printed). None: a body registered without any, whose
	// issue names any (as before the register).
	Signatories []string `json:"signatories,omitempty"`

	// Scope is a certification body's approval scope: the codes of the
	// accounting rules (footprint.Rule.Code, "pv-module") it is approved
	// to certify, as the operator registered them at its creation. An
	// application to it, and its issue, of a study under another rule is
	// refused (red team 68: a body approved for PV modules issued for a
	// laptop alike). None: a body registered without a scope, not checked
	// (as before the scope).
	Scope []string `json:"scope,omitempty"`

	// RegisterPending says, of a certification body read from a database
	// restored from a copy, that its register (Signatories, Scope) is the
	// copy's: a change after the copy was taken (a signatory removed, the
	// scope narrowed) is lost with the rest, and nobody can tell which
	// (red team 73). Its issue is refused until the operator states the
	// register again. Set by the store as it reads the record, never
	// stored nor answered.
	RegisterPending bool `json:"-"`
}

// MaxSignatories is the most authorised signatories one body registers.
const MaxSignatories = 50

// Validate returns EINVALID for a malformed organisation.
func (o *Organization) Validate() error {
	switch {
	case !orgNameRe.MatchString(o.Name):
		return footprint.FieldErrorf(footprint.EINVALID, "org", "organisation name must be 1-128 characters without leading or trailing space")
	case !slices.Contains(Roles, o.Role):
		return footprint.FieldErrorf(footprint.EINVALID, "role", "unknown role %q (want manufacturer, certifier, regulator, admin, partner or curator)", o.Role)
	}
	if err := footprint.ValidateText("name_zh", o.NameZH, 200, false); err != nil {
		return err
	}
	if err := footprint.ValidateText("address", o.Address, 300, false); err != nil {
		return err
	}
	if err := footprint.ValidateText("approval_number", o.ApprovalNumber, 64, false); err != nil {
		return err
	}
	for _, f := range []struct{ field, text string }{{"org", o.Name}, {"name_zh", o.NameZH}, {"address", o.Address}, {"approval_number", o.ApprovalNumber}} {
		if err := CheckPrintsAsItReads(f.field, f.text); err != nil {
			return err
		}
	}
	return o.ValidateRegister()
}

// ValidateRegister returns EINVALID, naming the field or the entry, for a
// malformed register (Signatories, Scope): the check of Validate at a
// body's creation, and of a change of its register after it.
func (o *Organization) ValidateRegister() error {
	if err := o.validateSignatories(); err != nil {
		return err
	}
	return o.validateScope()
}

// validateScope returns EINVALID, naming scope or the entry, in Chinese
// and English, for a scope that is not a certifier's, or with an entry
// that is no rule code's text or is given twice. Whether each names a
// rule is the store's check (it knows the rules).
func (o *Organization) validateScope() error {
	if len(o.Scope) > 0 && o.Role != RoleCertifier {
		return footprint.FieldErrorf(footprint.EINVALID, "scope", "只有认证机构登记批准范围。only a certification body registers an approval scope")
	}
	for i, code := range o.Scope {
		field := "scope[" + strconv.Itoa(i) + "]"
		if err := footprint.ValidateText(field, code, 64, true); err != nil {
			return err
		}
		if slices.Contains(o.Scope[:i], code) {
			return footprint.FieldErrorf(footprint.EINVALID, field, "批准范围中的规则 %[1]q 重复。rule %[1]q is given twice in the scope", code)
		}
	}
	return nil
}

// validateSignatories returns EINVALID, naming signatories or the entry,
// in Chinese and English, for a register that is not a certifier's, too
// long, or with an entry empty, too long for a certificate, not printing
// as it reads, or given twice.
func (o *Organization) validateSignatories() error {
	switch {
	case len(o.Signatories) > 0 && o.Role != RoleCertifier:
		return footprint.FieldErrorf(footprint.EINVALID, "signatories", "只有认证机构登记授权签字人。only a certification body registers authorised signatories")
	case len(o.Signatories) > MaxSignatories:
		return footprint.FieldErrorf(footprint.EINVALID, "signatories", "授权签字人超过 %[1]d 名。more than %[1]d authorised signatories", MaxSignatories)
	}
	for i, name := range o.Signatories {
		field := "signatories[" + strconv.Itoa(i) + "]"
		if err := footprint.ValidateText(field, name, 100, true); err != nil {
			return err
		}
		if err := CheckPrintsAsItReads(field, name); err != nil {
			return err
		}
		if slices.Contains(o.Signatories[:i], name) {
			return footprint.FieldErrorf(footprint.EINVALID, field, "授权签字人 %[1]q 重复。authorised signatory %[1]q is given twice", name)
		}
	}
	return nil
}

// CheckPrintsAsItReads returns EINVALID, naming field, for text printed on
// certificates that does not print as it reads: an invisible format
// character (a zero-width space or joiner, a soft hyphen, a direction
// mark or override), or Latin letters mixed with letters of another alphabet than
// the East Asian scripts written beside Latin (Han, kana, Hangul,
// Bopomofo): Cyrillic, Greek, Cherokee or Lisu letters print as Latin
// look-alikes ("Dеmo" with a Cyrillic е, "Ꭰemo" with a Cherokee Ꭰ). The
// Greek letters of technicalGreek, where they stand as those names and
// units write them, are no look-alike.
func CheckPrintsAsItReads(field, s string) error {
	var latin, other rune
	for i, r := range s {
		switch {
		case unicode.Is(unicode.Cf, r):
			return footprint.FieldErrorf(footprint.EINVALID, field, "%s 含不可见字符 %U。%s contains the invisible character %U", field, r, field, r)
		case unicode.Is(unicode.Latin, r):
			latin = r
		case unicode.IsLetter(r) && !unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul, unicode.Bopomofo, unicode.Common, unicode.Inherited):
			if !unicode.Is(unicode.Greek, r) || !technicalGreek(s, i) {
				other = r
			}
		}
	}
	if latin != 0 && other != 0 {
		return footprint.FieldErrorf(footprint.EINVALID, field,
			"%s 混用拉丁字母与其他字母（%c %U），印出来像拉丁字母。%s mixes Latin letters with letters of another alphabet (%c %U), which print as look-alikes", field, other, other, field, other, other)
	}
	return nil
}

// technicalGreek reports whether the Greek letter at s[i] stands in one of
// the few technical names that write a Greek letter beside Latin ones, as
// the whole token: a letter, or a digit that is not a number before it,
// is another word, where the letter would be a look-alike ("cαrbon",
// "neμtral"). Session 51: "Demo α-Si thin-film module" was refused. The
// names, a closed list, each a Greek letter no Latin letter of the token
// stands for:
//   - α-Si, μc-Si (α-Si:H, μc-Si:H): amorphous and microcrystalline
//     silicon, the absorbers of thin-film silicon modules, named so in the
//     PV literature and by the makers of their tools (EPFL PV-Lab,
//     "a-Si:H and µc-Si:H"; non-crystalline silicon is 非晶硅 α-Si in
//     Chinese texts);
//   - μ before m, g, s, A, V, W, F or H after a number ("150μm" wafers,
//     "10 μF"): the SI prefix micro, whose symbol is the Greek μ (SI
//     Brochure, 9th edition, table 7; NFKC writes the micro sign µ as μ);
//   - Ω after a number, or after a number and k, M, m or G ("10kΩ"): the
//     ohm, whose symbol is the Greek capital omega (SI Brochure, table 4);
//   - ΔE, perhaps with digits or an asterisk and ab after it ("ΔE<2",
//     "ΔE00", "ΔE*ab"): a colour difference (CIE 15, ΔE*ab and CIEDE2000's
//     ΔE00), as a display's colour accuracy is stated (session 54);
//   - φ after cos, a space between allowed ("cos φ 0.8", "cosφ=1"): the
//     displacement power factor (IEC 60050-131), as an inverter's or a
//     power supply's is stated (session 54).
func technicalGreek(s string, i int) bool {
	before, rest := s[:i], s[i:]
	r, size := utf8.DecodeRuneInString(rest)
	after := rest[size:]
	prev, _ := utf8.DecodeLastRuneInString(before)
	apart := func(n rune) bool { // n is no letter or digit of the token (a Chinese character is another word: "非晶硅α-Si薄膜")
		return n == utf8.RuneError || unicode.Is(unicode.Han, n) || !unicode.IsLetter(n) && !unicode.IsDigit(n)
	}
	ends := func(t string) bool { // t ends the token
		n, _ := utf8.DecodeRuneInString(t)
		return apart(n)
	}
	number := func(b string) bool { // b ends in a number, a space between allowed
		b = strings.TrimSuffix(b, " ")
		n, _ := utf8.DecodeLastRuneInString(b)
		return b != "" && '0' <= n && n <= '9'
	}
	switch r {
	case 'α', 'μ':
		if name := cond(r == 'α', "-Si", "c-Si"); strings.HasPrefix(after, name) && ends(after[len(name):]) && apart(prev) {
			return true
		}
		return r == 'μ' && after != "" && strings.ContainsRune("mgsAVWFH", rune(after[0])) && ends(after[1:]) && number(before)
	case 'Ω', '\u2126': // the ohm sign, which NFKC writes as Ω
		if b, ok := strings.CutSuffix(before, string(prev)); ok && strings.ContainsRune("kMmG", prev) {
			before = b
		}
		return ends(after) && number(before)
	case 'Δ':
		t, ok := strings.CutPrefix(after, "E")
		return ok && ends(strings.TrimPrefix(strings.TrimLeft(t, "0123456789*"), "ab")) && apart(prev)
	case 'φ':
		b, ok := strings.CutSuffix(strings.TrimSuffix(before, " "), "cos")
		n, _ := utf8.DecodeLastRuneInString(b)
		return ok && apart(n) && ends(after)
	}
	return false
}

func cond(c bool, a, b string) string {
	if c {
		return a
	}
	return b
}

// APIKey is a client credential of an organisation. Its secret is stored only
// as a hash; the token is shown once, when the key is created. Its JSON form
// is what the API shows of a key.
type APIKey struct {
	ID        string    `json:"id"` // public key ID, part of the token; also the OAuth2 client_id
	Org       string    `json:"org"`
	Role      Role      `json:"role"`
	CreatedAt time.Time `json:"created_at"`
	RevokedAt time.Time `json:"revoked_at,omitzero"` // zero while valid
	// ConfirmedAt is when an admin last confirmed the key after a restore
	// of the database from a copy (AuthService.ConfirmAPIKey); zero if
	// never.
	ConfirmedAt time.Time `json:"confirmed_at,omitzero"`
	// AwaitsOrg is set on a certifier's key made while its organisation
	// held another usable key: it is refused (EKEYAWAITSORG) until one of
	// the organisation's own keys confirms it (AuthService.EndorseAPIKey),
	// so that the operator, who makes every key and sees its token, does
	// not issue certificates in a certification body's name alone.
	AwaitsOrg bool `json:"awaits_org,omitempty"`
	// EndorsedBy and EndorsedAt are the organisation's key that confirmed
	// a key that waited, and when; empty while it waits.
	EndorsedBy string    `json:"endorsed_by,omitempty"`
	EndorsedAt time.Time `json:"endorsed_at,omitzero"`
	// Recovery is set on a certifier's key made while its organisation
	// held no usable key, after it had held one (every key revoked): it
	// works at once, so that a body that lost its keys is not locked out,
	// but the operator made it alone. A former key of the organisation
	// vouches for it (AuthService.VouchAPIKey: EndorsedBy and EndorsedAt
	// are then that key, and when).
	Recovery bool `json:"recovery,omitempty"`
	// Unvouched is set, when the key is read, on a recovery key no former
	// key vouched for, and on a key such a key confirmed (directly or
	// through others): nothing the body held before stands behind it.
	// What such a key issues is marked so wherever it is verified.
	Unvouched bool `json:"unvouched,omitempty"`
	// CreatedBy and CreatedByOrg are the API key that made this one and
	// its organisation, as the key's key.create event names them
	// (AuthService.OrganizationAPIKeys only); CreatedBy is empty for a key
	// made on the database file (pcf keys create with the server stopped).
	CreatedBy    string `json:"created_by,omitempty"`
	CreatedByOrg string `json:"created_by_org,omitempty"`
	// CompromisedSince is when the key was stolen or leaked, as an admin
	// reported it (AuthService.MarkAPIKeyCompromised); zero if never. What
	// the key did at or after it is marked wherever it is verified.
	CompromisedSince time.Time `json:"compromised_since,omitzero"`
	// CompromisedUse is set by CertificateKeys only: the use it reports
	// (the issue, or the latest status change) was made at or after
	// CompromisedSince.
	CompromisedUse bool `json:"-"`
}

// Waiting reports whether the key waits for its organisation's
// confirmation (AwaitsOrg, not confirmed yet).
func (k *APIKey) Waiting() bool { return k.AwaitsOrg && k.EndorsedAt.IsZero() }

// Principal is the authenticated caller of a request.
type Principal struct {
	Org   string
	Role  Role
	KeyID string
}

// Can reports whether the principal has one of the roles.
func (p *Principal) Can(roles ...Role) bool {
	return p != nil && slices.Contains(roles, p.Role)
}

type principalKey struct{}

// NewContextWithPrincipal returns a context carrying the caller.
func NewContextWithPrincipal(ctx context.Context, p *Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// PrincipalFromContext returns the caller, or nil for an anonymous request.
func PrincipalFromContext(ctx context.Context) *Principal {
	p, _ := ctx.Value(principalKey{}).(*Principal)
	return p
}

// ErrTokenExpired is the error of AuthService.Authenticate for an access
// token that has expired. A token is a 256-bit secret, so saying that it
// expired tells its holder nothing new; PACT clients need to know, to ask
// for a new one (TokenExpired).
var ErrTokenExpired = &footprint.Error{Code: footprint.EUNAUTHORIZED, Message: "access token expired"}

// ERESTOREDKEY is the error code of an API key the database holds from
// the copy it was restored from, which no admin has confirmed since
// (AuthService.ConfirmAPIKey): it may have been revoked after the copy was
// taken, a revocation the restore lost. Its holder is told so; an admin
// confirms the key, or makes a new one.
const ERESTOREDKEY = "restored_key"

// EKEYAWAITSORG is the error code of a certifier's API key made while its
// organisation held another usable key, which none of the organisation's
// keys has confirmed yet (APIKey.AwaitsOrg). Its holder is told so.
const EKEYAWAITSORG = "key_awaits_organisation"

// AuthService manages organisations and their credentials.
type AuthService interface {
	// CreateOrganization registers an organisation. Returns EINVALID for a
	// malformed one and ECONFLICT if the name is taken.
	CreateOrganization(ctx context.Context, org *Organization) error

	// FindOrganizationByName returns ENOTFOUND if there is no such
	// organisation.
	FindOrganizationByName(ctx context.Context, name string) (*Organization, error)

	// FindOrganizations returns every organisation, by name.
	FindOrganizations(ctx context.Context) ([]*Organization, error)

	// SetOrganizationRegister replaces the register of certification body
	// name (Organization.Signatories and Scope) with signatories and scope,
	// checked as at its creation, audited (AuditOrganizationRegister, the
	// new lists), and returns the body: the operator's change from the
	// body's CNCA file (staff changed, approval extended or narrowed).
	// Empty lists clear the register. A register the same as recorded
	// writes nothing. Returns EINVALID naming the field or entry,
	// ENOTFOUND for an unknown organisation, ECONFLICT (field org) for
	// one that is not a certifier.
	SetOrganizationRegister(ctx context.Context, name string, signatories, scope []string) (*Organization, error)

	// CreateAPIKey makes a key for an existing organisation and returns the
	// token, which is never stored and cannot be shown again. Returns
	// ENOTFOUND for an unknown organisation.
	CreateAPIKey(ctx context.Context, org string) (token string, key *APIKey, err error)

	// RevokeAPIKey revokes a key. Returns ENOTFOUND for an unknown key.
	RevokeAPIKey(ctx context.Context, id string) error

	// Authenticate returns the principal a bearer token belongs to: an API
	// key token or an access token issued by IssueAccessToken. Returns
	// ErrTokenExpired (EUNAUTHORIZED) for an access token that was issued
	// and has expired (PACT answers it with TokenExpired), and EUNAUTHORIZED
	// for an unknown, malformed or revoked token, without saying which.
	Authenticate(ctx context.Context, token string) (*Principal, error)

	// IssueAccessToken is the OAuth2 client-credentials grant: given a key ID
	// and its secret (the token), it returns a short-lived access token.
	// Returns EUNAUTHORIZED for bad credentials.
	IssueAccessToken(ctx context.Context, clientID, clientSecret string, ttl time.Duration) (token string, expires time.Time, err error)

	// After a restore of the database from a copy, every API key created
	// before the restore is refused (ERESTOREDKEY) until an admin confirms
	// it: a revocation after the copy was taken is lost with the rest.
	// Access tokens issued before the restore are refused too
	// (ErrTokenExpired); their holders get new ones.

	// RestoredAPIKeys returns the keys refused so: created before the last
	// restore, not revoked, not confirmed since; by organisation, then
	// creation. None if the database was never restored; ECONFLICT for a
	// copy not started yet (its restore is not recorded yet).
	RestoredAPIKeys(ctx context.Context) ([]*APIKey, error)

	// ConfirmAPIKey confirms one key after a restore, with an audit
	// event, and returns it. Confirming a key that is not refused (created
	// after the restore, confirmed already, or in a database never
	// restored) changes nothing. Returns ENOTFOUND for an unknown key,
	// ECONFLICT for a revoked key (it stays revoked) or a database that is
	// a copy not started yet (its restore is not recorded yet).
	ConfirmAPIKey(ctx context.Context, id string) (*APIKey, error)

	// ConfirmRestoredAPIKeys confirms every key RestoredAPIKeys lists, each
	// with an audit event naming reason, and returns them. Returns
	// EINVALID without a reason, ECONFLICT as ConfirmAPIKey.
	ConfirmRestoredAPIKeys(ctx context.Context, reason string) ([]*APIKey, error)

	// A certifier's key made while its organisation held another usable
	// key (unrevoked, not waiting) waits (APIKey.AwaitsOrg): it is refused
	// (EKEYAWAITSORG) until a key of the organisation confirms it. The
	// operator makes keys and sees their tokens; without this it could
	// mint a key of an existing certification body and issue in its name
	// with nothing the body could see (red team 46). A new body's first
	// key is the operator's alone; a key made once every key of a body is
	// revoked is a recovery key (APIKey.Recovery): it works, so a body
	// that lost its keys is not locked out, but until a former key of the
	// body vouches for it, it and what it issues are marked Unvouched.

	// OrganizationAPIKeys returns the keys of organisation org, revoked
	// ones too, by creation: what a body checks for keys it did not ask
	// for. Returns ENOTFOUND for an unknown organisation.
	OrganizationAPIKeys(ctx context.Context, org string) ([]*APIKey, error)

	// EndorseAPIKey confirms key id, waiting, with the caller's key (the
	// principal in ctx), which must be of the same organisation, and
	// returns it, audited (AuditKeyEndorse). A key of the organisation
	// that does not wait is returned as it is. Returns ENOTFOUND for an
	// unknown key or another organisation's, ECONFLICT for a revoked one,
	// EFORBIDDEN without a caller's key.
	EndorseAPIKey(ctx context.Context, id string) (*APIKey, error)

	// VouchAPIKey vouches for the recovery key id (APIKey.Recovery) of
	// the caller's organisation with formerToken, the token of a key the
	// organisation held before it, revoked or not, not Unvouched itself,
	// and returns it, audited (AuditKeyEndorse). The operator, who revoked
	// the body's keys and made this one, does not hold that secret any
	// more than for a waiting key. Returns EINVALID (field former_token)
	// for no token or one that is not such a key's, or for a key that is
	// no recovery key; ENOTFOUND, ECONFLICT and EFORBIDDEN as
	// EndorseAPIKey. EndorseAPIKey refuses an unvouched recovery key
	// (EINVALID, field former_token).
	VouchAPIKey(ctx context.Context, id, formerToken string) (*APIKey, error)

	// CertificateKeys returns the API key that issued the certificate with
	// ID id, as the audit trail's certificate.issue or certificate.reissue
	// event names it, and the key that made its latest status change
	// (certificate.suspend, reinstate, withdraw, or review: a review lets
	// a flagged certificate stand), each with Unvouched;
	// nil for either when no event names a key.
	CertificateKeys(ctx context.Context, id string) (issued, status *APIKey, err error)

	// MarkAPIKeyCompromised records that API key id was stolen or leaked
	// as of since (APIKey.CompromisedSince), revokes it if it is not
	// revoked yet (its access tokens deleted), audited (AuditKeyRevoke,
	// AuditKeyCompromise), and returns it. What the key issued, reinstated,
	// reviewed or withdrew at or after since is marked on public
	// verification (CertificateKeys: APIKey.CompromisedUse). Marking it
	// again keeps the earlier time. Returns ENOTFOUND for an unknown key,
	// EINVALID (field since) for no time or one in the future.
	MarkAPIKeyCompromised(ctx context.Context, id string, since time.Time) (*APIKey, error)
}

// sameSet reports whether a and b hold the same entries, in any order: a
// register given again in another order (pcf keys create run again) is the
// one on record.
func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// EnsureOrganizationKey makes an API key for org.Name, first creating the
// organisation when org.Role is set and it does not exist yet. It is what
// "pcf keys create --org --role" and POST /v1/admin/keys do. Returns
// EINVALID for a malformed organisation, ECONFLICT if it exists with another
// role, ENOTFOUND if it does not exist and no role was given.
func EnsureOrganizationKey(ctx context.Context, auth AuthService, org *Organization) (token string, key *APIKey, err error) {
	if org.Role != "" {
		if err := org.Validate(); err != nil {
			return "", nil, err
		}
		existing, err := auth.FindOrganizationByName(ctx, org.Name)
		switch {
		case footprint.ErrorCode(err) == footprint.ENOTFOUND:
			if err := auth.CreateOrganization(ctx, org); err != nil {
				return "", nil, err
			}
		case err != nil:
			return "", nil, err
		case existing.Role != org.Role:
			return "", nil, footprint.FieldErrorf(footprint.ECONFLICT, "role", "organisation %q exists with role %s", org.Name, existing.Role)
		// A register given for a body that exists is not recorded: said,
		// not dropped unseen (red team 68).
		case len(org.Signatories) > 0 && !sameSet(org.Signatories, existing.Signatories):
			return "", nil, footprint.FieldErrorf(footprint.ECONFLICT, "signatories", "机构 %[1]q 已存在,授权签字人只在创建机构时登记,未予更改;变更请用 PUT /v1/admin/organizations/{name}/register(pcf orgs register)。organisation %[1]q exists: its authorised signatories are recorded at its creation, and were not changed; change its register with PUT /v1/admin/organizations/{name}/register (pcf orgs register)", org.Name)
		case len(org.Scope) > 0 && !sameSet(org.Scope, existing.Scope):
			return "", nil, footprint.FieldErrorf(footprint.ECONFLICT, "scope", "机构 %[1]q 已存在,批准范围只在创建机构时登记,未予更改;变更请用 PUT /v1/admin/organizations/{name}/register(pcf orgs register)。organisation %[1]q exists: its approval scope is recorded at its creation, and was not changed; change its register with PUT /v1/admin/organizations/{name}/register (pcf orgs register)", org.Name)
		}
	}
	return auth.CreateAPIKey(ctx, org.Name)
}
