package factordb

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// auditState is what the audit trail says of the records whose state its
// events fully determine, as of its last event: the status of each
// certificate it saw issued, the decision on each application it saw
// made, the role and register of each organisation it saw registered
// (as its latest organization.create or organization.register gives it), the
// organisation, revocation and confirmation of each API key it saw
// created, and the creation, retirement and compromise of the signing
// keys. Check (checkAuditRecords) compares the records with it, so
// that a record changed in the file with no event written (a withdrawn
// certificate set valid again, a revoked key unrevoked) is named. Built
// event by event, oldest first (add), in Check's one walk of the chain.
type auditState struct {
	certs       map[string]*certAudit // by certificate ID
	apps        map[string]*appAudit  // by application ID, from its application.create on
	orgs        map[string]*orgAudit  // organisation name → what its latest organization.create or organization.register gives
	keys        map[string]*keyAudit  // by API key ID, from its key.create on
	revoked     map[string]auditMark  // API key ID → its key.revoke
	compromised map[string]auditMark  // signing key ID → its signing-key.compromise
	signing     map[string]*signingAudit
	signingSeen bool // whether the trail holds a signing-key event at all
}

// keyAudit is an API key's state as its events set it.
type keyAudit struct {
	mark      auditMark // its key.create
	org       string    // the organisation its creation names
	confirmed auditMark // its last key.confirm, zero for none
	awaits    bool      // made waiting for its organisation's confirmation
	recovery  bool      // made while its organisation held no usable key (apiKeyRecord.Recovery)
	endorsed  auditMark // its key.endorse, zero for none
}

// signingAudit is a signing key's state as its events set it: the event
// that created it (a rotation naming it, a compromise report that
// created it as the next key, or the first key's creation) and the one
// that retired it, with the retirement time that event sets.
type signingAudit struct {
	created, retiredBy auditMark
	retired            time.Time
}

// auditMark is the event that set a state: its place in the trail and
// its time.
type auditMark struct {
	seq uint64
	at  time.Time
}

// certAudit is a certificate's state as its events set it.
type certAudit struct {
	mark         auditMark // the last status event
	action       string    // its action
	number       string    // from its issue event
	status       certification.CertificateStatus
	changedAt    time.Time // the StatusChangedAt the event sets
	reason       string    // the StatusReason it sets, for a certifier's decision
	byReason     bool      // whether the reason is the event's (a suspension, reinstatement or withdrawal)
	supersededBy string    // the certificate whose reissue names it
	supersededAt time.Time // the time of that reissue, if it superseded it (it was not withdrawn)
	// flags is whether its supplier flags stand (flagsSet, the last
	// certificate.flag), were cleared (flagsCleared: a status decision or
	// its certifier's review) or are not known (an issue: a reissue's
	// inherited flag is written with its own event, in either order).
	flags   flagState
	flagsBy auditMark
}

// flagState is what the trail says of a certificate's supplier flags.
type flagState int

const (
	flagsUnknown flagState = iota
	flagsSet
	flagsCleared
)

// reviewClearsRe matches the detail of a certifier's review that clears
// the flags (ReviewCertificate): "REASON (supplier certificates …)". The
// review events of a restore's confirmation (ConfirmRestored) clear none.
var reviewClearsRe = regexp.MustCompile(` \(supplier certificates .*\)$`)

// appAudit is an application's state as its events set it.
type appAudit struct {
	mark        auditMark
	status      certification.ApplicationStatus
	decidedAt   time.Time
	certificate string // the certificate issued on it
}

// The parts of an issue's detail the state reads. It has always begun
// "number N" and, for a reissue, ended "supersedes OLD (ID)"; an issue on
// an application has named it since the first version ("number N,
// application A"), a reissue before applications carried lineages did not
// ("number N supersedes OLD (ID)").
var (
	issueNumberRe = regexp.MustCompile(`^number (\S+?)(?:,|\s|$)`)
	issueAppRe    = regexp.MustCompile(`(?:^|, )application ([0-9a-f-]{36})(?:,|$)`)
	supersedesRe  = regexp.MustCompile(`supersedes \S+ \(([0-9a-f-]{36})\)$`)
	// A rotation's detail: "first key", "retired OLD", "retired OLD:
	// why" (a seedless key, retired at the event) or, since restores end
	// a copy's key where its history ends, "retired OLD at T: why".
	rotateRetiredRe = regexp.MustCompile(`^retired ([^\s:]+)(?: at (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ))?(?::|$)`)
	// A compromise report of the active key: "…; retired, and NEXT created".
	compromiseNextRe = regexp.MustCompile(`; retired, and (\S+) created$`)
	// An organisation's registration: "role R", then a certification
	// body's register, if any: "; signatories [JSON]; scope [JSON]"
	// (orgCreateDetail), read by readOrgRegister.
	orgRoleRe = regexp.MustCompile(`^role ([^\s;]+)(.*)$`)
	keyOrgRe  = regexp.MustCompile(`^organisation (.+?)(` + regexp.QuoteMeta(keyAwaitsOrgDetail) + `|` + regexp.QuoteMeta(keyRecoveryDetail) + `)?$`)
)

// orgAudit is an organisation as its registration event gives it: its
// role and a certification body's register (red team 68), the register
// as its latest change (organization.register) gives it, if any.
type orgAudit struct {
	seq         uint64
	action      string // organization.create, or organization.register: a change of its register since
	role        string
	signatories []string
	scope       []string
}

// readOrgRegister reads into o the register orgCreateDetail writes after
// the role: "; signatories " and "; scope ", each followed by one JSON
// list, read as one JSON value, so that a name holding "]; scope [" is
// read as the name it is (a pattern for the lists took it for the scope's
// start, and Check named an untouched register as changed). It reports
// whether that is all of rest.
func readOrgRegister(rest string, o *orgAudit) bool {
	for _, part := range []struct {
		prefix string
		into   *[]string
	}{{"; signatories ", &o.signatories}, {"; scope ", &o.scope}} {
		after, ok := strings.CutPrefix(rest, part.prefix)
		if !ok {
			continue
		}
		dec := json.NewDecoder(strings.NewReader(after))
		if dec.Decode(part.into) != nil {
			return false
		}
		rest = after[dec.InputOffset():]
	}
	return rest == ""
}

func newAuditState() *auditState {
	return &auditState{certs: map[string]*certAudit{}, apps: map[string]*appAudit{}, orgs: map[string]*orgAudit{}, keys: map[string]*keyAudit{},
		revoked: map[string]auditMark{}, compromised: map[string]auditMark{}, signing: map[string]*signingAudit{}}
}

// add applies event ev, the next of the trail.
func (s *auditState) add(ev *access.AuditEvent) {
	m := auditMark{ev.Seq, ev.At}
	// An issue's time is the certificate's, to the second (issue: its
	// IssuedAt is signed so), and so is its supersession's.
	issued := ev.At.Truncate(time.Second)
	kind, id, _ := strings.Cut(ev.Subject, "/")
	switch ev.Action {
	case access.AuditCertificateIssue, access.AuditCertificateReissue:
		c := &certAudit{mark: m, action: ev.Action, status: certification.CertificateValid, changedAt: issued}
		if sm := issueNumberRe.FindStringSubmatch(ev.Detail); sm != nil {
			c.number = sm[1]
		}
		s.certs[id] = c
		if sm := issueAppRe.FindStringSubmatch(ev.Detail); sm != nil {
			if a := s.apps[sm[1]]; a != nil {
				*a = appAudit{mark: m, status: certification.ApplicationIssued, decidedAt: issued, certificate: id}
			}
		}
		if sm := supersedesRe.FindStringSubmatch(ev.Detail); ev.Action == access.AuditCertificateReissue && sm != nil {
			if old := s.certs[sm[1]]; old != nil {
				old.supersededBy = id
				// A withdrawn certificate stays withdrawn (supersede); the
				// first versions superseded a suspended one too.
				if old.status == certification.CertificateValid || old.status == certification.CertificateSuspended {
					old.mark, old.action, old.status, old.changedAt, old.byReason = m, ev.Action, certification.CertificateSuperseded, issued, false
					old.supersededAt = issued
				}
			}
		}
	case access.AuditCertificateSuspend, access.AuditCertificateReinstate, access.AuditCertificateWithdraw:
		c := s.certs[id]
		if kind != "certificate" || c == nil {
			return
		}
		c.mark, c.action, c.changedAt, c.reason, c.byReason = m, ev.Action, ev.At, ev.Detail, true
		c.flags, c.flagsBy = flagsCleared, m // its certifier acted (SetCertificateStatus)
		c.status = map[string]certification.CertificateStatus{
			access.AuditCertificateSuspend:   certification.CertificateSuspended,
			access.AuditCertificateReinstate: certification.CertificateValid,
			access.AuditCertificateWithdraw:  certification.CertificateWithdrawn,
		}[ev.Action]
	case access.AuditCertificateFlag, access.AuditCertificateReview:
		c := s.certs[id]
		if kind != "certificate" || c == nil {
			return
		}
		switch {
		case ev.Action == access.AuditCertificateFlag:
			c.flags, c.flagsBy = flagsSet, m
		case reviewClearsRe.MatchString(ev.Detail):
			c.flags, c.flagsBy = flagsCleared, m
		}
	case access.AuditApplicationCreate:
		s.apps[id] = &appAudit{mark: m, status: certification.ApplicationPending}
	case access.AuditApplicationReject:
		if a := s.apps[id]; a != nil {
			*a = appAudit{mark: m, status: certification.ApplicationRejected, decidedAt: ev.At}
		}
	case access.AuditOrganizationCreate, access.AuditOrganizationRegister:
		// A change of a body's register gives its new lists in the
		// registration's form: the latest of either is the register.
		if sm := orgRoleRe.FindStringSubmatch(ev.Detail); kind == "organization" && sm != nil {
			o := &orgAudit{seq: m.seq, action: ev.Action, role: sm[1]}
			if !readOrgRegister(sm[2], o) {
				o.signatories, o.scope = []string{"(unreadable)"}, []string{"(unreadable)"} // compares with no record
			}
			s.orgs[id] = o
		}
	case access.AuditKeyCreate:
		if sm := keyOrgRe.FindStringSubmatch(ev.Detail); kind == "key" && sm != nil {
			s.keys[id] = &keyAudit{mark: m, org: sm[1], awaits: sm[2] == keyAwaitsOrgDetail, recovery: sm[2] == keyRecoveryDetail}
		}
	case access.AuditKeyEndorse:
		if k := s.keys[id]; kind == "key" && k != nil && k.endorsed.seq == 0 {
			k.endorsed = m
		}
	case access.AuditKeyRevoke:
		if kind == "key" {
			s.revoked[id] = m
		}
	case access.AuditKeyConfirm:
		if k := s.keys[id]; kind == "key" && k != nil {
			k.confirmed = m
		}
	case access.AuditSigningKeyRotate:
		if kind != "signing-key" {
			return
		}
		s.signingSeen = true
		s.signingKey(id).created = m
		if sm := rotateRetiredRe.FindStringSubmatch(ev.Detail); sm != nil {
			at := ev.At
			if sm[2] != "" {
				at, _ = time.Parse(time.RFC3339, sm[2])
			}
			s.signingKey(sm[1]).retire(m, at)
		}
	case access.AuditSigningKeyCompromise:
		if kind != "signing-key" {
			return
		}
		s.signingSeen = true
		s.compromised[id] = m
		if sm := compromiseNextRe.FindStringSubmatch(ev.Detail); sm != nil {
			s.signingKey(id).retire(m, ev.At)
			s.signingKey(sm[1]).created = m
		}
	}
}

// signingKey returns the state of signing key id, adding it.
func (s *auditState) signingKey(id string) *signingAudit {
	k := s.signing[id]
	if k == nil {
		k = &signingAudit{}
		s.signing[id] = k
	}
	return k
}

// retire records that event m retired the key at at.
func (k *signingAudit) retire(m auditMark, at time.Time) {
	k.retiredBy, k.retired = m, at
}

// checkAuditRecords compares the records of tx with state, the audit
// trail's (auditState), and returns every disagreement, each naming its
// record: a certificate whose status, status time or reason, number or
// successor is not what its last status event set, or that has no event
// of its issue, or is issued in the trail and gone from the file; an
// application whose decision is not its events'; an organisation whose
// role is not its registration's, or whose register is not its latest
// registration's or change's; an API key with no event of its
// creation, of another organisation or role, revoked or confirmed
// without its event or undone after it; a signing key with no event of
// its creation, retired at another time than its event's, reported
// compromised without its event or cleared after it.
func checkAuditRecords(tx *bolt.Tx, state *auditState) error {
	var errs []error
	more := 0 // past maxNamed
	bad := func(format string, args ...any) {
		if len(errs) == maxNamed {
			more++
			return
		}
		errs = append(errs, fmt.Errorf("audit trail: "+format, args...))
	}
	// marked compares the time a record was revoked (or reported
	// compromised), zero for never, with its event's (ok: one there is).
	marked := func(name, what string, at time.Time, m auditMark, ok bool) {
		switch {
		case at.IsZero() && ok:
			bad("%s is not %s, the trail made it so (event %d): undone with no event", name, what, m.seq)
		case !at.IsZero() && !at.Equal(m.at):
			bad("%s is %s at %s, the trail says %s: marked or redated with no event", name, what, fmtTime(at), fmtTime(m.at))
		}
	}
	seen := map[string]bool{}
	err := forEachRecord(tx.Bucket(certificatesBucket), "certificate", func(_ []byte, rec *certificateRecord) error {
		seen[rec.ID] = true
		c := state.certs[rec.ID]
		name := fmt.Sprintf("certificate %s (%s)", rec.Number, rec.ID)
		if c == nil {
			bad("%s has no event of its issue: it was written into the file", name)
			return nil
		}
		says := fmt.Sprintf("its last status event (event %d, %s at %s)", c.mark.seq, c.action, fmtTime(c.mark.at))
		switch {
		case string(c.status) != rec.Status:
			bad("%s is %s, %s makes it %s: its status was changed with no event", name, rec.Status, says, c.status)
		case !rec.StatusChangedAt.Equal(c.changedAt):
			bad("%s changed status at %s, %s sets %s: its status time was changed with no event", name, fmtTime(rec.StatusChangedAt), says, fmtTime(c.changedAt))
		case c.byReason && rec.StatusReason != c.reason:
			bad("%s has the reason %q, %s gives %q: its reason was changed with no event", name, rec.StatusReason, says, c.reason)
		case c.number != "" && rec.Number != c.number:
			bad("%s was issued as %s (event of its issue): its number was changed", name, c.number)
		case rec.SupersededBy != c.supersededBy:
			bad("%s is superseded by %q, the trail by %q: its lineage was changed with no event", name, rec.SupersededBy, c.supersededBy)
		case !rec.SupersededAt.Equal(c.supersededAt):
			// A PACT footprint superseded, then withdrawn, is served as
			// superseded: a time set in the file would hide a withdrawal.
			bad("%s was superseded at %q, the trail says %q: its supersession was changed with no event", name, fmtTime(rec.SupersededAt), fmtTime(c.supersededAt))
		case c.flags == flagsSet && len(rec.SupplierFlags) == 0:
			// A flag stops a certificate being used as a supplier and is
			// shown to buyers; only its certifier's review or decision
			// clears it.
			bad("%s has no supplier flags, the trail flagged it (event %d) and no review or decision cleared them: removed with no event", name, c.flagsBy.seq)
		case c.flags == flagsCleared && len(rec.SupplierFlags) > 0:
			bad("%s has supplier flags, the trail cleared them (event %d) and flagged it since with no event", name, c.flagsBy.seq)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, id := range slices.Sorted(maps.Keys(state.certs)) {
		if c := state.certs[id]; !seen[id] {
			bad("certificate %s (%s), issued at event %d, is not in the file", c.number, id, c.mark.seq)
		}
	}
	err = forEachRecord(tx.Bucket(applicationsBucket), "application", func(_ []byte, rec *applicationRecord) error {
		a := state.apps[rec.ID.String()]
		if a == nil { // the trail did not see it made
			return nil
		}
		if rec.Status != a.status || !rec.DecidedAt.Equal(a.decidedAt) || a.certificate != "" && rec.CertificateID.String() != a.certificate {
			bad("application %s is %s (decided %s), its last event (event %d) makes it %s (decided %s): its decision was changed with no event",
				rec.ID, rec.Status, fmtTime(rec.DecidedAt), a.mark.seq, a.status, fmtTime(a.decidedAt))
		}
		return nil
	})
	if err != nil {
		return err
	}
	roles := map[string]string{} // organisation → the role its record gives
	err = forEachRecord(tx.Bucket(orgsBucket), "organisation", func(_ []byte, rec *orgRecord) error {
		roles[rec.Name] = string(rec.Role)
		want := state.orgs[rec.Name]
		switch {
		case want == nil:
		case string(rec.Role) != want.role:
			bad("organisation %s is a %s, its registration (organization.create) made it a %s: its role was changed with no event", rec.Name, rec.Role, want.role)
		case !slices.Equal(rec.Signatories, want.signatories) || !slices.Equal(rec.Scope, want.scope):
			says := "its registration"
			if want.action == access.AuditOrganizationRegister {
				says = "the latest change of its register"
			}
			bad("organisation %s has signatories %q and scope %q, %s (%s, event %d) gave %q and %q: its register was changed with no event", rec.Name, rec.Signatories, rec.Scope, says, want.action, want.seq, want.signatories, want.scope)
		}
		return nil
	})
	if err != nil {
		return err
	}
	err = forEachRecord(tx.Bucket(apiKeysBucket), "api key", func(_ []byte, rec *apiKeyRecord) error {
		name := fmt.Sprintf("API key %s (%s)", rec.ID, rec.Org)
		if tx.Bucket(orgKeysBucket).Get(indexKey(rec.ID, rec.Org)) == nil {
			// The body's keys page and its banner list the keys of this
			// index: one taken out of it would act unseen by the body.
			bad("%s is not in the index of its organisation's keys (api_keys_by_org): its organisation's keys page does not show it", name)
		}
		k := state.keys[rec.ID]
		switch {
		case k == nil:
			// Every key has been created with its event since the first
			// version that audited (a key acts as its organisation).
			bad("%s has no event of its creation: it was written into the file", name)
			return nil
		case rec.Org != k.org:
			bad("%s was created for %s (event %d): its organisation was changed with no event", name, k.org, k.mark.seq)
		case rec.Role != roles[rec.Org] && roles[rec.Org] != "":
			bad("%s acts as a %s, its organisation is a %s: its role was changed with no event", name, rec.Role, roles[rec.Org])
		}
		m, ok := state.revoked[rec.ID]
		marked(name, "revoked", rec.RevokedAt, m, ok)
		// A confirmation lets a key a restore brought back work again
		// (restoreMark.keyPending): one set in the file would undo the
		// restore's protection for a key revoked after the copy.
		marked(name, "confirmed", rec.ConfirmedAt, k.confirmed, k.confirmed.seq != 0)
		// A certifier's key made waiting works once its organisation's
		// key confirms it (red team 46): the wait cleared or a
		// confirmation set in the file would let the operator's key act
		// as the body's.
		if rec.AwaitsOrg != k.awaits {
			bad("%s waits for its organisation's confirmation: %t, its creation (event %d) says %t: changed with no event", name, rec.AwaitsOrg, k.mark.seq, k.awaits)
		}
		// A recovery key is marked unvouched until a former key vouches
		// for it: the mark cleared in the file would hide that.
		if rec.Recovery != k.recovery {
			bad("%s is a recovery key (made while its organisation held no usable key): %t, its creation (event %d) says %t: changed with no event", name, rec.Recovery, k.mark.seq, k.recovery)
		}
		marked(name, "confirmed by its organisation", rec.EndorsedAt, k.endorsed, k.endorsed.seq != 0)
		return nil
	})
	if err != nil {
		return err
	}
	unrecorded := 0 // signing keys created before their creation was recorded
	err = forEachRecord(tx.Bucket(signingKeysBucket), "signing key", func(_ []byte, rec *signingKeyRecord) error {
		name := "signing key " + rec.ID
		m, ok := state.compromised[rec.ID]
		marked(name, "compromised", rec.Compromised, m, ok)
		k := state.signing[rec.ID]
		if k == nil {
			k = &signingAudit{}
		}
		// A key verifies what is dated within its life: one written into
		// the file, or retired later than the trail says, makes signatures
		// dated in it verify. The first versions created the first key
		// with no event: such a key passes while it is the only key and
		// the trail names no signing key (no rotation retired it).
		if k.created.seq == 0 && k.retiredBy.seq == 0 {
			if unrecorded++; state.signingSeen || unrecorded > 1 || !rec.Retired.IsZero() {
				bad("%s has no event of its creation: it was written into the file", name)
				return nil
			}
		}
		switch {
		case k.retiredBy.seq == 0 && !rec.Retired.IsZero():
			bad("%s is retired at %s, the trail never retired it: retired with no event", name, fmtTime(rec.Retired))
		case k.retiredBy.seq != 0 && !rec.Retired.Equal(k.retired):
			bad("%s is retired at %s, the trail retired it at %s (event %d): its retirement was changed with no event", name, fmtTime(rec.Retired), fmtTime(k.retired), k.retiredBy.seq)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if more > 0 {
		errs = append(errs, fmt.Errorf("audit trail: and %d more records that disagree with it", more))
	}
	return errors.Join(errs...)
}

// maxNamed is how many records that disagree with the trail Check names;
// the rest are counted (a file written by another program can have
// every record disagree).
const maxNamed = 50

// fmtTime writes t for Check's messages: "never" for the zero time.
func fmtTime(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return t.UTC().Format(time.RFC3339Nano)
}
