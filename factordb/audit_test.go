package factordb_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/factordb/factordbtest"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// Ensure every event is chained as it is written: seq 1, 2, …, each prev
// the digest of the event before it, each digest recomputable from the
// event as read, and the head the last event's.
func TestCertificationService_AuditChain(t *testing.T) {
	ctx, s := mustStart(t)
	for i := range 3 {
		if err := s.certs.RecordAuditEvent(ctx, access.AuditKeyCreate, fmt.Sprintf("key/k%d", i), ""); err != nil {
			t.Fatal(err)
		}
	}
	events := s.mustAuditEvents(t, access.AuditFilter{Limit: footprint.MaxLimit})
	prev := access.AuditGenesis
	for i := len(events) - 1; i >= 0; i-- { // oldest first
		ev := events[i]
		if got, want := ev.Seq, uint64(len(events)-i); got != want || ev.Prev != prev || ev.Digest != ev.ChainDigest() {
			t.Fatalf("event %d: seq %d, prev %s (want %s), digest %s (want %s)", want, got, ev.Prev, prev, ev.Digest, ev.ChainDigest())
		}
		prev = ev.Digest
	}
	head, err := s.certs.FindAuditHead(ctx)
	if want := (access.AuditHead{Count: uint64(len(events)), Digest: prev}); err != nil || head != want {
		t.Fatalf("head %+v (%v), want %+v", head, err, want)
	}
}

// Ensure Check names the first event of the audit trail edited or removed
// in the file by someone holding it, an edit whose digest was recomputed
// (by the next event's link), and an end cut short (by the stored head).
func TestDB_CheckAuditChain(t *testing.T) {
	file := mustAuditTrailFile(t) // a new file: events 1 to 5
	for _, tt := range []struct {
		name string
		seq  uint64
		edit func(v []byte) []byte
		want string // "" for no error
	}{
		{"OK", 3, func(v []byte) []byte { return v }, ""},
		{"ErrEdited", 3, func(v []byte) []byte { return bytes.Replace(v, []byte("event 3"), []byte("event 9"), 1) }, "event 3 (id"},
		{"ErrRechained", 3, func(v []byte) []byte {
			var rec struct {
				V int `json:"v"`
				access.AuditEvent
			}
			if err := json.Unmarshal(v, &rec); err != nil {
				t.Fatal(err)
			}
			rec.Detail = "event 9"
			rec.Digest = rec.ChainDigest()
			b, err := json.Marshal(&rec)
			if err != nil {
				t.Fatal(err)
			}
			return b
		}, "event 4 (id"},
		{"ErrRemoved", 3, func([]byte) []byte { return nil }, "event 3 is missing"},
		{"ErrCutShort", 5, func([]byte) []byte { return nil }, "the trail ends at event 4"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			mustCheckCopy(t, file, func(path string) { factordbtest.EditAuditRecord(t, path, tt.seq, tt.edit) }, nil, tt.want)
		})
	}
}

// mustAuditTrailFile returns the bytes of a new, closed database file whose
// audit trail is the events 1 to 5 ("event 1" to "event 5", withdrawals of
// certificate/c).
func mustAuditTrailFile(t *testing.T) []byte {
	t.Helper()
	path, db := mustOpenFile(t)
	for i := 1; i <= 5; i++ {
		if err := factordb.NewCertificationService(db).RecordAuditEvent(t.Context(), access.AuditCertificateWithdraw, "certificate/c", fmt.Sprintf("event %d", i)); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	file, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return file
}

// mustCheckCopy writes file to a new path, lets edit change the file
// there and then change the database opened on it (either may be nil),
// and fails unless Check names want ("" for no error).
func mustCheckCopy(t *testing.T, file []byte, edit func(path string), change func(*factordb.DB) error, want string) {
	t.Helper()
	copied := filepath.Join(t.TempDir(), "db")
	if err := os.WriteFile(copied, file, 0o600); err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		edit(copied)
	}
	db, err := factordb.Open(copied)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if change != nil {
		if err := change(db); err != nil {
			t.Fatal(err)
		}
	}
	switch err := db.Check(); {
	case want == "" && err != nil:
		t.Fatalf("check of the file as written: %v", err)
	case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
		t.Fatalf("check: %v, want an error naming %q", err, want)
	case err != nil:
		t.Log(err)
	}
}

func TestCertificationService_AuditEvents(t *testing.T) {
	ctx, s := mustStart(t)
	// Only the events made here: the seed set and the test organisations
	// were audited too.
	keyCreate := access.AuditKeyCreate
	as := func(org string, role access.Role) context.Context {
		return access.NewContextWithPrincipal(ctx, &access.Principal{Org: org, Role: role, KeyID: "key-" + org})
	}
	// Ten events by two actors (RecordAuditEvent: export_test.go).
	for i := range 10 {
		actx := as("admin", access.RoleAdmin)
		if i%2 == 1 {
			actx = ctx // system
		}
		if err := s.certs.RecordAuditEvent(actx, access.AuditKeyCreate, fmt.Sprintf("key/k%d", i), fmt.Sprintf("event %d", i)); err != nil {
			t.Fatal(err)
		}
	}
	detail := func(events []*access.AuditEvent) []string {
		out := make([]string, len(events))
		for i, e := range events {
			out[i] = e.Detail
		}
		return out
	}

	t.Run("NewestFirst", func(t *testing.T) {
		// Ensure events come newest first with their actor.
		events, next, err := s.certs.FindAuditEvents(ctx, access.AuditFilter{Action: &keyCreate})
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"event 9", "event 8", "event 7", "event 6", "event 5", "event 4", "event 3", "event 2", "event 1", "event 0"}
		if got := detail(events); !slices.Equal(got, want) || next != "" {
			t.Fatalf("got %v (next %q), want %v", got, next, want)
		}
		if e := events[1]; e.Actor != "admin" || e.Role != access.RoleAdmin || e.KeyID != "key-admin" || e.ID.Version() != 4 {
			t.Fatalf("event %+v", e)
		}
		if e := events[0]; e.Actor != "system" || e.Role != "" || e.KeyID != "" {
			t.Fatalf("event %+v", e)
		}
		for i := 1; i < len(events); i++ {
			if events[i].At.After(events[i-1].At) {
				t.Fatal("events out of time order")
			}
		}
	})

	t.Run("Pagination", func(t *testing.T) {
		// Ensure pages of 3 cover every event once, in order, and new
		// events do not shift a page in progress.
		var got []string
		cursor := ""
		for page := 0; ; page++ {
			events, next, err := s.certs.FindAuditEvents(ctx, access.AuditFilter{Action: &keyCreate, Cursor: cursor, Limit: 3})
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, detail(events)...)
			if page == 0 {
				if err := s.certs.RecordAuditEvent(ctx, "test.later", "test/1", "later"); err != nil {
					t.Fatal(err)
				}
			}
			if next == "" {
				break
			}
			cursor = next
		}
		want := []string{"event 9", "event 8", "event 7", "event 6", "event 5", "event 4", "event 3", "event 2", "event 1", "event 0"}
		if !slices.Equal(got, want) {
			t.Fatalf("got %v, want %v", got, want)
		}
	})

	t.Run("Filters", func(t *testing.T) {
		// Ensure subject, actor, action and since filter, combined with
		// paging.
		events := s.mustAuditEvents(t, access.AuditFilter{Subject: ptr("key/k4")})
		if got := detail(events); !slices.Equal(got, []string{"event 4"}) {
			t.Fatalf("subject: %v", got)
		}
		events, next, err := s.certs.FindAuditEvents(ctx, access.AuditFilter{Actor: ptr("admin"), Limit: 2})
		if err != nil {
			t.Fatal(err)
		}
		events2 := s.mustAuditEvents(t, access.AuditFilter{Actor: ptr("admin"), Limit: 2, Cursor: next})
		if got := append(detail(events), detail(events2)...); !slices.Equal(got, []string{"event 8", "event 6", "event 4", "event 2"}) {
			t.Fatalf("actor pages: %v", got)
		}
		events = s.mustAuditEvents(t, access.AuditFilter{Action: ptr("test.later")})
		if len(events) != 1 {
			t.Fatalf("action: %d events", len(events))
		}
		all := s.mustAuditEvents(t, access.AuditFilter{Action: ptr(access.AuditKeyCreate)})
		since := all[2].At // event 7
		events = s.mustAuditEvents(t, access.AuditFilter{Since: &since, Action: ptr(access.AuditKeyCreate)})
		if got := detail(events); !slices.Equal(got, []string{"event 9", "event 8", "event 7"}) {
			t.Fatalf("since: %v", got)
		}
	})

	t.Run("Errors", func(t *testing.T) {
		// Ensure a bad cursor or a negative limit is EINVALID.
		for _, cursor := range []string{"!!", "AAAA"} {
			_, _, err := s.certs.FindAuditEvents(ctx, access.AuditFilter{Cursor: cursor})
			assertCode(t, err, footprint.EINVALID)
		}
		_, _, err := s.certs.FindAuditEvents(ctx, access.AuditFilter{Limit: -1})
		assertCode(t, err, footprint.EINVALID)
	})
}

// FindAuditEvents by subject, actor or action, alone and combined with the
// others and Since, answers from the audit index exactly what reading the
// trail answers, page by page; a database written before the index existed
// gets it at Open.
func TestCertificationService_AuditIndex(t *testing.T) {
	ctx, s := mustStart(t)
	var subjects []string
	for i := range 3 {
		rec := s.MustIssue(t, fmt.Sprintf("PCF-AUD-%03d", i))
		subjects = append(subjects, "certificate/"+rec.Certificate().ID.String())
	}
	for i := range 30 {
		p := &access.Principal{Org: []string{"Alpha", "Beta", "Gamma"}[i%3], Role: access.RoleAdmin, KeyID: fmt.Sprintf("k%d", i%3)}
		pctx := access.NewContextWithPrincipal(ctx, p)
		if err := s.certs.RecordAuditEvent(pctx, []string{"note", "check"}[i%2], subjects[i%len(subjects)], fmt.Sprintf("event %d", i)); err != nil {
			t.Fatal(err)
		}
	}
	str := func(v string) *string { return &v }
	since := fixedNow.Add(40 * time.Second)
	filters := []access.AuditFilter{
		{},
		{Subject: str(subjects[0])},
		{Subject: str(subjects[1]), Action: str("note")},
		{Subject: str("certificate/none")},
		{Actor: str("Beta")},
		{Actor: str("Gamma"), Action: str("check"), Since: &since},
		{Action: str("note")},
		{Action: str(access.AuditCertificateIssue)},
		{Since: &since},
	}
	list := func(find func(context.Context, access.AuditFilter) ([]*access.AuditEvent, string, error), f access.AuditFilter) []string {
		t.Helper()
		f.Limit = 4
		return listPages(t, func(cursor string) ([]*access.AuditEvent, string, error) {
			f.Cursor = cursor
			return find(ctx, f)
		}, func(ev *access.AuditEvent) string { return ev.ID.String() })
	}
	compare := func(stage string) {
		t.Helper()
		if err := factordb.CheckAuditIndex(s.db); err != nil {
			t.Fatalf("%s: %v", stage, err)
		}
		for _, f := range filters {
			if got, want := list(s.certs.FindAuditEvents, f), list(s.certs.FindAuditEventsScan, f); !slices.Equal(got, want) {
				t.Fatalf("%s: filter %+v: indexed %v, scan %v", stage, f, got, want)
			}
		}
	}
	compare("written")
	if got := list(s.certs.FindAuditEvents, access.AuditFilter{Actor: str("Beta")}); len(got) != 10+3 { // 10 events, 3 cursors
		t.Fatalf("actor Beta: %v, want 10 events", got)
	}
	mustRun(t, s.db, factordb.DropAuditIndex)
	if got := list(s.certs.FindAuditEvents, access.AuditFilter{Actor: str("Beta")}); len(got) != 1 {
		t.Fatalf("index not dropped: %v", got)
	}
	mustRun(t, s.db, factordb.Init)
	compare("rebuilt at Open")
}

// Ensure Check names a record changed in the file with no audit event
// written, though the chain itself is sound: a certificate's status, the
// time or reason of its last change, its successor, its number, a
// certificate written in or removed; an application's decision; an API key
// unrevoked; a signing key's compromise cleared.
func TestDB_CheckAuditRecords(t *testing.T) {
	ctx, s := mustStart(t)
	valid, suspended, withdrawn := s.MustIssue(t, "GEC-REC-1"), s.MustIssue(t, "GEC-REC-2"), s.MustIssue(t, "GEC-REC-3")
	superseded := s.MustIssue(t, "GEC-REC-4")
	s.MustSupersede(t, superseded)
	s.mustSetStatus(t, ctx, suspended.Certificate().ID, certification.CertificateSuspended, "audit visit")
	s.mustSetStatus(t, ctx, withdrawn.Certificate().ID, certification.CertificateWithdrawn, "figure wrong")
	rejected := s.MustApply(t, "GEC-REC-5")
	if _, err := s.certs.RejectApplication(ctx, rejected.ID, []string{"inventory incomplete"}); err != nil {
		t.Fatal(err)
	}
	_, key, err := s.auth.CreateAPIKey(ctx, orgMaker)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.auth.RevokeAPIKey(ctx, key.ID); err != nil {
		t.Fatal(err)
	}
	_, live, err := s.auth.CreateAPIKey(ctx, orgMaker)
	if err != nil {
		t.Fatal(err)
	}
	// A certifier's keys: its first, one waiting for the body's
	// confirmation and one the first confirmed (red team 46).
	var certKeys [3]*access.APIKey
	for i := range certKeys {
		if _, certKeys[i], err = s.auth.CreateAPIKey(ctx, orgCertifier); err != nil {
			t.Fatal(err)
		}
	}
	waiting, endorsed := certKeys[1], certKeys[2]
	if _, err := s.auth.EndorseAPIKey(access.NewContextWithPrincipal(ctx, &access.Principal{Org: orgCertifier, Role: access.RoleCertifier, KeyID: certKeys[0].ID}), endorsed.ID); err != nil {
		t.Fatal(err)
	}
	// Another body's recovery key: made once its only key was revoked.
	_, gone := MustCreateKey(t, s.auth, "Recovery Certification Body", access.RoleCertifier)
	if err := s.auth.RevokeAPIKey(ctx, gone.ID); err != nil {
		t.Fatal(err)
	}
	_, recovery := MustCreateKey(t, s.auth, "Recovery Certification Body", access.RoleCertifier)
	// A body registered with its signatories and scope (red team 68).
	registered := &access.Organization{Name: "Registered Certification Body", Role: access.RoleCertifier,
		Signatories: []string{"Zhang San", "Li Si"}, Scope: []string{"pv-module"}}
	if err := s.auth.CreateOrganization(ctx, registered); err != nil {
		t.Fatal(err)
	}
	// A body whose register the operator changed since (organization.register).
	changed := &access.Organization{Name: "Changed Certification Body", Role: access.RoleCertifier,
		Signatories: []string{"Zhang San"}, Scope: []string{"pv-module"}}
	if err := s.auth.CreateOrganization(ctx, changed); err != nil {
		t.Fatal(err)
	}
	if _, err := s.auth.SetOrganizationRegister(ctx, changed.Name, []string{"Li Si"}, []string{"pv-module", "electronics"}); err != nil {
		t.Fatal(err)
	}
	signing := mustActiveKey(t, s.keys)
	if _, err := s.keys.ReportCompromised(ctx, signing.ID); err != nil {
		t.Fatal(err)
	}
	next := mustActiveKey(t, s.keys)
	// A key of the insider's, published retired: what it signs dated
	// within its life verifies.
	foreign, err := certification.NewSigningKey(nil, time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	putRecord := func(bucket, key string, rec map[string]any) func(*factordb.DB) error {
		return func(db *factordb.DB) error {
			return factordb.Write(db, func(tx *bolt.Tx) error {
				raw, err := json.Marshal(rec)
				if err != nil {
					return err
				}
				return tx.Bucket([]byte(bucket)).Put([]byte(key), raw)
			})
		}
	}
	var buf bytes.Buffer
	if _, err := s.db.Backup(&buf); err != nil {
		t.Fatal(err)
	}
	file := buf.Bytes()
	cert := func(r *certification.CertificateRecord) (string, []byte) {
		id := r.Certificate().ID
		return "certificates", id[:]
	}
	edit := func(bucket string, key []byte, fields map[string]any) func(*factordb.DB) error {
		return func(db *factordb.DB) error {
			return factordb.EditRecord(db, bucket, key, func(m map[string]any) {
				for k, v := range fields {
					if v == nil {
						delete(m, k)
					} else {
						m[k] = v
					}
				}
			})
		}
	}
	certEdit := func(r *certification.CertificateRecord, fields map[string]any) func(*factordb.DB) error {
		bucket, key := cert(r)
		return edit(bucket, key, fields)
	}
	number := func(r *certification.CertificateRecord) string { return "certificate " + r.Certificate().Number }
	for _, tt := range []struct {
		name   string
		change func(*factordb.DB) error
		want   string // "" for no error
	}{
		{"OK", func(*factordb.DB) error { return nil }, ""},
		{"ErrWithdrawnMadeValid", certEdit(withdrawn, map[string]any{"status": "valid", "status_reason": nil}), number(withdrawn) + " (" + withdrawn.Certificate().ID.String() + ") is valid, its last status event"},
		{"ErrSuspendedMadeValid", certEdit(suspended, map[string]any{"status": "valid"}), number(suspended) + " (" + suspended.Certificate().ID.String() + ") is valid"},
		{"ErrSupersededMadeValid", certEdit(superseded, map[string]any{"status": "valid", "superseded_by": nil, "status_reason": nil}), number(superseded) + " (" + superseded.Certificate().ID.String() + ") is valid"},
		{"ErrValidMadeWithdrawn", certEdit(valid, map[string]any{"status": "withdrawn", "status_reason": "forged"}), number(valid) + " (" + valid.Certificate().ID.String() + ") is withdrawn"},
		{"ErrWithdrawalRedated", certEdit(withdrawn, map[string]any{"status_changed_at": "2027-06-01T00:00:00Z"}), "changed status at 2027-06-01T00:00:00Z"},
		{"ErrReasonEdited", certEdit(suspended, map[string]any{"status_reason": "routine"}), `has the reason "routine"`},
		{"ErrSuccessorEdited", certEdit(superseded, map[string]any{"superseded_by": valid.Certificate().ID.String()}), "its lineage was changed"},
		{"ErrNumberEdited", certEdit(valid, map[string]any{"number": "CDPCF-2026-999999"}), "its number was changed"},
		{"ErrWrittenIn", func(db *factordb.DB) error {
			return factordb.LoadCertificateCopies(db, 1, valid.Certificate().ID, false)
		}, "BENCH-0000000"},
		{"ErrManyWrittenIn", func(db *factordb.DB) error {
			return factordb.LoadCertificateCopies(db, 60, valid.Certificate().ID, false)
		}, "and 10 more records"}, // 50 named
		{"ErrRemoved", func(db *factordb.DB) error {
			return factordb.Write(db, func(tx *bolt.Tx) error {
				_, key := cert(valid)
				return tx.Bucket([]byte("certificates")).Delete(key)
			})
		}, number(valid) + " (" + valid.Certificate().ID.String() + "), issued at event"},
		{"ErrApplicationUnrejected", edit("applications", rejected.ID[:], map[string]any{"status": "pending", "decided_at": "0001-01-01T00:00:00Z", "reasons": nil}), "application " + rejected.ID.String() + " is pending"},
		{"ErrKeyUnrevoked", edit("api_keys", []byte(key.ID), map[string]any{"revoked_at": nil}), "API key " + key.ID},
		{"ErrSigningKeyCleared", edit("signing_keys", []byte(signing.ID), map[string]any{"compromised": nil}), "signing key " + signing.ID},
		{"ErrKeyConfirmedInFile", edit("api_keys", []byte(live.ID), map[string]any{"confirmed_at": "2027-01-01T00:00:00Z"}), "API key " + live.ID + " (" + orgMaker + ") is confirmed at 2027-01-01T00:00:00Z"},
		{"ErrKeyWaitCleared", edit("api_keys", []byte(waiting.ID), map[string]any{"awaits_org": nil}), "API key " + waiting.ID + " (" + orgCertifier + ") waits for its organisation's confirmation: false, its creation"},
		{"ErrKeyEndorsedInFile", edit("api_keys", []byte(waiting.ID), map[string]any{"endorsed_at": "2027-01-01T00:00:00Z", "endorsed_by": certKeys[0].ID}), "API key " + waiting.ID + " (" + orgCertifier + ") is confirmed by its organisation at 2027-01-01T00:00:00Z, the trail says never"},
		{"ErrKeyEndorsementUndone", edit("api_keys", []byte(endorsed.ID), map[string]any{"endorsed_at": nil}), "API key " + endorsed.ID + " (" + orgCertifier + ") is not confirmed by its organisation"},
		{"ErrKeyRecoveryCleared", edit("api_keys", []byte(recovery.ID), map[string]any{"recovery": nil}), "API key " + recovery.ID + " (Recovery Certification Body) is a recovery key (made while its organisation held no usable key): false, its creation"},
		{"ErrKeyRoleChanged", edit("api_keys", []byte(live.ID), map[string]any{"role": "certifier"}), "acts as a certifier, its organisation is a manufacturer"},
		{"ErrKeyOrgChanged", edit("api_keys", []byte(live.ID), map[string]any{"org": orgCertifier, "role": "certifier"}), "was created for " + orgMaker},
		{"ErrOrgRoleChanged", edit("organizations", []byte(orgMaker), map[string]any{"role": "certifier"}), "organisation " + orgMaker + " is a certifier"},
		{"ErrOrgSignatoriesWrittenIn", edit("organizations", []byte(orgCertifier), map[string]any{"signatories": []string{"Wang Wu"}}), "organisation " + orgCertifier + ` has signatories ["Wang Wu"] and scope [], its registration (organization.create, event`},
		{"ErrOrgSignatoryAdded", edit("organizations", []byte(registered.Name), map[string]any{"signatories": []string{"Zhang San", "Li Si", "Wang Wu"}}), "organisation " + registered.Name + ` has signatories ["Zhang San" "Li Si" "Wang Wu"] and scope ["pv-module"], its registration (organization.create, event`},
		{"ErrOrgScopeWidened", edit("organizations", []byte(registered.Name), map[string]any{"scope": []string{"pv-module", "electronics"}}), `gave ["Zhang San" "Li Si"] and ["pv-module"]: its register was changed with no event`},
		{"ErrOrgRegisterDropped", edit("organizations", []byte(registered.Name), map[string]any{"signatories": nil, "scope": nil}), "organisation " + registered.Name + " has signatories [] and scope []"},
		{"ErrOrgRegisterChangeUndone", edit("organizations", []byte(changed.Name), map[string]any{"signatories": []string{"Zhang San"}, "scope": []string{"pv-module"}}),
			"organisation " + changed.Name + ` has signatories ["Zhang San"] and scope ["pv-module"], the latest change of its register (organization.register, event`},
		{"ErrOrgRegisterChangeWidened", edit("organizations", []byte(changed.Name), map[string]any{"signatories": []string{"Li Si", "Wang Wu"}}),
			`gave ["Li Si"] and ["pv-module" "electronics"]: its register was changed with no event`},
		{"ErrKeyWrittenIn", putRecord("api_keys", "00112233aabbccdd", map[string]any{
			"v": 1, "id": "00112233aabbccdd", "org": orgCertifier, "role": "certifier", "secret_sha256": make([]byte, 32), "created_at": "2026-01-01T00:00:00Z",
		}), "API key 00112233aabbccdd (" + orgCertifier + ") has no event of its creation"},
		{"ErrSigningKeyWrittenIn", putRecord("signing_keys", foreign.ID, map[string]any{
			"v": 1, "id": foreign.ID, "public": []byte(foreign.PublicKey().Key), "created": foreign.Created, "retired": foreign.Created.AddDate(2, 0, 0),
		}), "signing key " + foreign.ID + " has no event of its creation"},
		{"ErrSigningKeyRetirementRedated", edit("signing_keys", []byte(signing.ID), map[string]any{"retired": "2030-01-01T00:00:00Z"}), "signing key " + signing.ID + " is retired at 2030-01-01T00:00:00Z, the trail retired it at"},
		{"ErrSigningKeyUnretired", edit("signing_keys", []byte(signing.ID), map[string]any{"retired": nil}), "signing key " + signing.ID + " is retired at never"},
		{"ErrActiveKeyRetired", edit("signing_keys", []byte(next.ID), map[string]any{"retired": "2026-01-01T00:00:00Z"}), "signing key " + next.ID + " is retired at 2026-01-01T00:00:00Z, the trail never retired it"},
	} {
		t.Run(tt.name, func(t *testing.T) { mustCheckCopy(t, file, nil, tt.change, tt.want) })
	}
}

// Ensure a certificate's supplier flags are compared with the trail: a
// flag removed in the file (the buyer's certificate then reads clean while
// its supplier is suspended) or written in after a review is named.
func TestDB_CheckAuditRecords_SupplierFlags(t *testing.T) {
	ctx, s := mustStart(t)
	sup := s.MustIssue(t, "GEC-FLAG-1").Certificate()
	flagged := s.MustIssueBuyer(t, "GEC-FLAG-2", sup.Number)
	reviewed := s.MustIssueBuyer(t, "GEC-FLAG-3", sup.Number)
	s.mustSetStatus(t, ctx, sup.ID, certification.CertificateSuspended, "audit visit")
	if _, err := s.certs.ReviewCertificate(ctx, reviewed.Certificate().ID, "the supplier's figure stands"); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := s.db.Backup(&buf); err != nil {
		t.Fatal(err)
	}
	setFlags := func(r *certification.CertificateRecord, flags any) func(*factordb.DB) error {
		return func(db *factordb.DB) error {
			return factordb.EditCertificateRecord(db, r.Certificate().ID, func(m map[string]any) {
				if flags == nil {
					delete(m, "supplier_flags")
				} else {
					m["supplier_flags"] = flags
				}
			})
		}
	}
	name := func(r *certification.CertificateRecord) string {
		return r.Certificate().Number + " (" + r.Certificate().ID.String() + ")"
	}
	mustCheckCopy(t, buf.Bytes(), nil, nil, "")
	mustCheckCopy(t, buf.Bytes(), nil, setFlags(flagged, nil), name(flagged)+" has no supplier flags, the trail flagged it")
	mustCheckCopy(t, buf.Bytes(), nil, setFlags(reviewed, []any{map[string]any{"certificate": sup.ID.String(), "number": sup.Number, "status": "withdrawn"}}),
		name(reviewed)+" has supplier flags, the trail cleared them")
}

// Ensure a file's first signing key is created with its event, so that
// one put in its place in the file (whose holder can re-sign every
// certificate with it) is named: before, the first key was created with
// no event and a trail without signing-key events vouched for any key.
func TestDB_CheckAuditRecords_FirstSigningKey(t *testing.T) {
	s := MustOpenServices(t)
	first := mustActiveKey(t, s.keys)
	var buf bytes.Buffer
	if _, err := s.db.Backup(&buf); err != nil {
		t.Fatal(err)
	}
	own, err := certification.NewSigningKey(nil, first.Created)
	if err != nil {
		t.Fatal(err)
	}
	replace := func(db *factordb.DB) error {
		return factordb.Write(db, func(tx *bolt.Tx) error {
			raw, err := json.Marshal(map[string]any{"v": 1, "id": own.ID, "seed": own.Private.Seed(), "created": own.Created})
			if err != nil {
				return err
			}
			b := tx.Bucket([]byte("signing_keys"))
			return errors.Join(b.Delete([]byte(first.ID)), b.Put([]byte(own.ID), raw))
		})
	}
	mustCheckCopy(t, buf.Bytes(), nil, nil, "")
	mustCheckCopy(t, buf.Bytes(), nil, replace, "signing key "+own.ID+" has no event of its creation")
}

// Ensure the records of a genuine file written before the audit chain
// agree with its trail, chained when this version opened it, and that a
// status changed in it afterwards with no event is named all the same.
// testdata/prechain.db.gz was written at d6dff2c (the commit before the
// chain) through the services, as the helpers of this package's tests
// do: four certificates issued, one superseded by a fifth and then
// withdrawn, one suspended, reinstated and suspended again, one
// withdrawn; an application rejected, one pending; an API key revoked;
// the signing key reported compromised.
func TestDB_CheckAuditRecords_BeforeTheChain(t *testing.T) {
	db := MustOpenTestdataDB(t, "prechain.db.gz") // Check at cleanup
	if err := db.Check(); err != nil {
		t.Fatalf("check of the file as written: %v", err)
	}
	s := newServices(db)
	ctx := t.Context()
	certs, _, err := s.certs.FindCertificates(ctx, certification.CertificateFilter{Limit: footprint.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	byStatus := map[certification.CertificateStatus][]*certification.CertificateRecord{}
	for _, c := range certs {
		byStatus[c.Status] = append(byStatus[c.Status], c)
	}
	if got := len(byStatus[certification.CertificateWithdrawn]); len(certs) != 5 || got != 2 || len(byStatus[certification.CertificateSuspended]) != 1 {
		t.Fatalf("%d certificates, %d withdrawn, %d suspended: not the file described", len(certs), got, len(byStatus[certification.CertificateSuspended]))
	}
	w := byStatus[certification.CertificateWithdrawn][0]
	id := w.Certificate().ID
	if err := factordb.EditCertificateRecord(db, id, func(m map[string]any) { m["status"] = "valid" }); err != nil {
		t.Fatal(err)
	}
	if err := db.Check(); err == nil || !strings.Contains(err.Error(), w.Certificate().Number+" ("+id.String()+") is valid") {
		t.Fatalf("check after a withdrawal undone in the file: %v", err)
	}
	if err := factordb.EditCertificateRecord(db, id, func(m map[string]any) { m["status"] = "withdrawn" }); err != nil {
		t.Fatal(err)
	}
}

// Ensure two audit events put in each other's place are named by Check
// (pcf audit verify --db), whether moved as they are or moved with their
// places in the chain (seq, prev, digest) written anew: the next event's
// link then breaks (red team 56, the operator editing the bbolt file).
// Held on the base; TestDB_CheckAuditChain tries edits and removals, not a
// reordering.
func TestRedteam56_AuditEventsReorderedNamed(t *testing.T) {
	file := mustAuditTrailFile(t)
	type stored struct {
		V int `json:"v"`
		access.AuditEvent
	}
	// swap puts the stored events 3 and 4 in each other's place; relink
	// (if set) rewrites what it moves there.
	swap := func(relink func(moved *stored, prev string, seq uint64)) func(path string) {
		return func(path string) {
			var v3, v4, v2 []byte
			factordbtest.EditAuditRecord(t, path, 2, func(v []byte) []byte { v2 = v; return v })
			factordbtest.EditAuditRecord(t, path, 3, func(v []byte) []byte { v3 = v; return v })
			factordbtest.EditAuditRecord(t, path, 4, func(v []byte) []byte { v4 = v; return v })
			if relink != nil {
				var e2, e3, e4 stored
				for _, d := range []struct {
					b []byte
					e *stored
				}{{v2, &e2}, {v3, &e3}, {v4, &e4}} {
					if err := json.Unmarshal(d.b, d.e); err != nil {
						t.Fatal(err)
					}
				}
				relink(&e4, e2.Digest, 3)
				relink(&e3, e4.Digest, 4)
				v4, v3 = mustJSON(t, &e4), mustJSON(t, &e3)
			}
			factordbtest.EditAuditRecord(t, path, 3, func([]byte) []byte { return v4 })
			factordbtest.EditAuditRecord(t, path, 4, func([]byte) []byte { return v3 })
		}
	}
	t.Run("Moved", func(t *testing.T) {
		mustCheckCopy(t, file, swap(nil), nil, "event 3")
	})
	t.Run("MovedAndRelinked", func(t *testing.T) {
		mustCheckCopy(t, file, swap(func(e *stored, prev string, seq uint64) {
			e.Seq, e.Prev = seq, prev
			e.Digest = e.ChainDigest()
		}), nil, "event 5")
	})
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
