package factordb_test

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

func uuidOf(s string) (uuid.UUID, bool) {
	u, err := uuid.Parse(s)
	return u, err == nil && u.Version() == 4 && u.String() == s
}

func TestCertificationService_CreateApplication(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		// Ensure an application is stored pending, read back and audited.
		ctx, s := mustStart(t)
		st := s.MustCreateStudy(t, orgMaker, demoSerial)
		app := &certification.Application{StudyID: st.ID, Manufacturer: orgMaker, Certifier: orgCertifier, Status: certification.ApplicationIssued}
		if err := s.certs.CreateApplication(ctx, app); err != nil {
			t.Fatal(err)
		}
		if app.ID.Version() != 4 || app.Status != certification.ApplicationPending || app.CreatedAt.IsZero() {
			t.Fatalf("application %+v", app)
		}
		got := mustFindApplication(t, s, app.ID)
		if fmt.Sprint(*got) != fmt.Sprint(*app) {
			t.Fatalf("read back %+v, want %+v", got, app)
		}
		subject := "application/" + app.ID.String()
		events := s.mustAuditEvents(t, access.AuditFilter{Subject: &subject})
		if len(events) != 1 || events[0].Action != access.AuditApplicationCreate {
			t.Fatalf("events %+v", events)
		}
	})

	t.Run("Errors", func(t *testing.T) {
		// Ensure missing fields are EINVALID, an unknown certifier or an
		// organisation that is not one ENOTFOUND, and a second pending
		// application for a study ECONFLICT; none writes anything.
		ctx, s := mustStart(t)
		st := s.MustCreateStudy(t, orgMaker, demoSerial)
		for _, tt := range []struct {
			app  certification.Application
			code string
		}{
			{certification.Application{Manufacturer: orgMaker, Certifier: orgCertifier}, footprint.EINVALID},
			{certification.Application{StudyID: st.ID, Certifier: orgCertifier}, footprint.EINVALID},
			{certification.Application{StudyID: st.ID, Manufacturer: orgMaker}, footprint.EINVALID},
			{certification.Application{StudyID: st.ID, Manufacturer: orgMaker, Certifier: "Nobody"}, footprint.ENOTFOUND},
			{certification.Application{StudyID: st.ID, Manufacturer: orgMaker, Certifier: orgRegulator}, footprint.ENOTFOUND},
		} {
			before := s.auditCount(t)
			app := tt.app
			err := s.certs.CreateApplication(ctx, &app)
			if got := footprint.ErrorCode(err); got != tt.code {
				t.Fatalf("%+v: code %q (%v), want %q", tt.app, got, err, tt.code)
			}
			if n := s.auditCount(t); n != before {
				t.Fatal("audit event written for a refused application")
			}
		}
		assertCode(t, s.certs.CreateApplication(ctx, nil), footprint.EINVALID)

		first := &certification.Application{StudyID: st.ID, Manufacturer: orgMaker, Certifier: orgCertifier}
		if err := s.certs.CreateApplication(ctx, first); err != nil {
			t.Fatal(err)
		}
		again := &certification.Application{StudyID: st.ID, Manufacturer: orgMaker, Certifier: orgCertifier}
		assertCode(t, s.certs.CreateApplication(ctx, again), footprint.ECONFLICT)
		if again.ID != uuid.Nil {
			t.Fatal("refused application got an ID")
		}

		// Once the first is decided, the study may apply again.
		if _, err := s.certs.RejectApplication(ctx, first.ID, []string{"inventory incomplete"}); err != nil {
			t.Fatal(err)
		}
		if err := s.certs.CreateApplication(ctx, again); err != nil {
			t.Fatal(err)
		}
		apps, err := s.certs.FindApplications(ctx, certification.ApplicationFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(apps) != 2 {
			t.Fatalf("%d applications, want 2", len(apps))
		}
	})
}

func TestCertificationService_FindApplications(t *testing.T) {
	// Ensure filters select applications, oldest first.
	ctx, s := mustStart(t)
	a1 := s.MustApply(t, "GEC-1")
	a2 := s.MustApply(t, "GEC-2")
	a3 := s.MustApply(t, "GEC-3")
	if _, err := s.certs.RejectApplication(ctx, a2.ID, []string{"no"}); err != nil {
		t.Fatal(err)
	}
	pending, rejected := certification.ApplicationPending, certification.ApplicationRejected
	for _, tt := range []struct {
		filter certification.ApplicationFilter
		want   []uuid.UUID
	}{
		{certification.ApplicationFilter{}, []uuid.UUID{a1.ID, a2.ID, a3.ID}},
		{certification.ApplicationFilter{Status: &pending}, []uuid.UUID{a1.ID, a3.ID}},
		{certification.ApplicationFilter{Status: &rejected}, []uuid.UUID{a2.ID}},
		{certification.ApplicationFilter{StudyID: &a3.StudyID}, []uuid.UUID{a3.ID}},
		{certification.ApplicationFilter{Manufacturer: ptr(orgMaker), Certifier: ptr(orgCertifier)}, []uuid.UUID{a1.ID, a2.ID, a3.ID}},
		{certification.ApplicationFilter{Manufacturer: ptr(orgMaker2)}, nil},
		{certification.ApplicationFilter{Certifier: ptr("Other")}, nil},
	} {
		apps, err := s.certs.FindApplications(ctx, tt.filter)
		if err != nil {
			t.Fatal(err)
		}
		var got []uuid.UUID
		for _, a := range apps {
			got = append(got, a.ID)
		}
		if !slices.Equal(got, tt.want) {
			t.Fatalf("%+v: got %v, want %v", tt.filter, got, tt.want)
		}
	}
	_, err := s.certs.FindApplicationByID(ctx, uuid.New())
	assertCode(t, err, footprint.ENOTFOUND)
}

func TestCertificationService_RejectApplication(t *testing.T) {
	// Ensure a rejection needs reasons, decides once, and is audited.
	ctx, s := mustStart(t)
	app := s.MustApply(t, demoSerial)

	_, err := s.certs.RejectApplication(ctx, app.ID, nil)
	assertCode(t, err, footprint.EINVALID)
	_, err = s.certs.RejectApplication(ctx, app.ID, []string{" "})
	assertCode(t, err, footprint.EINVALID)
	_, err = s.certs.RejectApplication(ctx, uuid.New(), []string{"no"})
	assertCode(t, err, footprint.ENOTFOUND)

	got, err := s.certs.RejectApplication(ctx, app.ID, []string{"transport data missing", "no site evidence"})
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != certification.ApplicationRejected || got.DecidedAt.IsZero() || len(got.Reasons) != 2 {
		t.Fatalf("application %+v", got)
	}
	read := mustFindApplication(t, s, app.ID)
	if fmt.Sprint(*read) != fmt.Sprint(*got) {
		t.Fatalf("read back %+v, want %+v", read, got)
	}
	_, err = s.certs.RejectApplication(ctx, app.ID, []string{"again"})
	assertCode(t, err, footprint.ECONFLICT)
	_, err = s.certs.IssueCertificate(ctx, app.ID, issueReq)
	assertCode(t, err, footprint.ECONFLICT)

	action := access.AuditApplicationReject
	events := s.mustAuditEvents(t, access.AuditFilter{Action: &action})
	if len(events) != 1 || events[0].Detail != "transport data missing; no site evidence" {
		t.Fatalf("events %+v", events)
	}
}

func TestCertificationService_IssueCertificate(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		// Ensure issuing stores a valid, verifiable certificate, decides
		// the application and is audited.
		ctx, s := mustStart(t)
		app := s.MustApply(t, demoSerial)
		pctx := access.NewContextWithPrincipal(ctx, &access.Principal{Org: orgCertifier, Role: access.RoleCertifier, KeyID: "kc"})
		rec, err := s.certs.IssueCertificate(pctx, app.ID, issueReq)
		if err != nil {
			t.Fatal(err)
		}
		c := rec.Certificate()
		if got, want := c.Number, "CDPCF-2026-000001"; got != want {
			t.Fatalf("number %q, want %q", got, want)
		}
		if rec.Status != certification.CertificateValid || rec.ApplicationID != app.ID || rec.Manufacturer != orgMaker || rec.Certifier != orgCertifier {
			t.Fatalf("record %+v", rec)
		}
		if c.StudyID != app.StudyID || c.Revision != 1 || c.Supersedes != uuid.Nil {
			t.Fatalf("certificate %+v", c)
		}
		keys, err := s.keys.PublicKeys(ctx)
		if err != nil {
			t.Fatal(err)
		}
		got := mustFindCertificate(t, s, c.ID)
		if err := certification.VerifyCertificate(got.Signed, keys); err != nil {
			t.Fatalf("stored certificate does not verify: %v", err)
		}
		if string(got.Signed.Content) != string(rec.Signed.Content) || got.Status != certification.CertificateValid || !got.StatusChangedAt.Equal(c.IssuedAt) {
			t.Fatalf("read back %+v", got)
		}

		a := mustFindApplication(t, s, app.ID)
		if a.Status != certification.ApplicationIssued || a.CertificateID != c.ID || !a.DecidedAt.Equal(c.IssuedAt) {
			t.Fatalf("application %+v", a)
		}
		subject := "certificate/" + c.ID.String()
		events := s.mustAuditEvents(t, access.AuditFilter{Subject: &subject})
		if len(events) != 1 || events[0].Action != access.AuditCertificateIssue || events[0].Actor != orgCertifier || !strings.Contains(events[0].Detail, c.Number) {
			t.Fatalf("events %+v", events)
		}

		// Decided once.
		_, err = s.certs.IssueCertificate(ctx, app.ID, issueReq)
		assertCode(t, err, footprint.ECONFLICT)
		_, err = s.certs.IssueCertificate(ctx, uuid.New(), issueReq)
		assertCode(t, err, footprint.ENOTFOUND)
		_, err = s.certs.FindCertificateByID(ctx, uuid.New())
		assertCode(t, err, footprint.ENOTFOUND)
	})

	t.Run("NumberSequence", func(t *testing.T) {
		// Ensure numbers count up per year and start again at 1 in a new
		// year.
		s := MustOpenWithOrgs(t)
		var got []string
		for i := range 3 {
			got = append(got, s.MustIssue(t, fmt.Sprintf("GEC-N-%d", i)).Certificate().Number)
		}
		now := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
		s.db.Now = func() time.Time { now = now.Add(time.Second); return now }
		got = append(got, s.MustIssue(t, "GEC-N-2027").Certificate().Number)
		want := []string{"CDPCF-2026-000001", "CDPCF-2026-000002", "CDPCF-2026-000003", "CDPCF-2027-000001"}
		if !slices.Equal(got, want) {
			t.Fatalf("numbers %v, want %v", got, want)
		}
	})

	t.Run("Concurrent", func(t *testing.T) {
		// Ensure concurrent issues get distinct, consecutive numbers.
		ctx, s := mustStart(t)
		const n = 6
		apps := s.MustApplyN(t, "GEC-C-%d", n)
		var wg sync.WaitGroup
		errs := make([]error, n)
		for i := range apps {
			wg.Go(func() { _, errs[i] = s.certs.IssueCertificate(ctx, apps[i].ID, issueReq) })
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			t.Fatal(err)
		}
		recs, _, err := s.certs.FindCertificates(ctx, certification.CertificateFilter{})
		if err != nil {
			t.Fatal(err)
		}
		want := firstNumbers(n)
		if got := numbers(recs); !slices.Equal(got, want) {
			t.Fatalf("numbers %v, want %v", got, want)
		}
	})

	t.Run("Atomic", func(t *testing.T) {
		// Ensure a refused issue writes nothing: no certificate, no number
		// used, the application still pending, no audit event; whether the
		// renderer's check refuses the certificate, or the certifier has no
		// approval number or gives another.
		ctx, s := mustStart(t)
		if err := s.auth.CreateOrganization(ctx, &access.Organization{Name: "Unapproved Certifier", Role: access.RoleCertifier}); err != nil {
			t.Fatal(err)
		}
		app := s.MustApply(t, demoSerial)
		unapproved := &certification.Application{StudyID: s.MustCreateStudy(t, orgMaker, "GEC-A-2").ID, Manufacturer: orgMaker, Certifier: "Unapproved Certifier"}
		if err := s.certs.CreateApplication(ctx, unapproved); err != nil {
			t.Fatal(err)
		}
		before := s.auditCount(t)
		boom := footprint.FieldErrorf(footprint.EINVALID, "product.name_zh", "characters not in the certificate font: U+20000")
		var checked *certification.Certificate
		s.certs.CheckCertificate = func(_ context.Context, c *certification.Certificate) error {
			checked = c
			return boom
		}
		if _, err := s.certs.IssueCertificate(ctx, app.ID, issueReq); !errors.Is(err, boom) {
			t.Fatalf("err=%v, want the check's", err)
		}
		if checked == nil || checked.Number != "CDPCF-2026-000001" || checked.StudyID != app.StudyID || checked.Certifier.Signatory != "Test Signatory" {
			t.Fatalf("checked certificate %+v", checked)
		}
		s.certs.CheckCertificate = nil
		_, err := s.certs.IssueCertificate(ctx, app.ID, certification.IssueRequest{Signatory: issueReq.Signatory, ApprovalNumber: "CNCA-R-2026-000"})
		assertCode(t, err, footprint.EINVALID) // differs from the one on record
		_, err = s.certs.IssueCertificate(ctx, unapproved.ID, issueReq)
		assertInvalid(t, err, "approval_number")

		for _, id := range []uuid.UUID{app.ID, unapproved.ID} {
			a := mustFindApplication(t, s, id)
			if a.Status != certification.ApplicationPending || a.CertificateID != uuid.Nil {
				t.Fatalf("application %+v after failed issues", a)
			}
		}
		if n := s.auditCount(t); n != before {
			t.Fatalf("%d audit events, want %d", n, before)
		}
		recs, _, err := s.certs.FindCertificates(ctx, certification.CertificateFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != 0 {
			t.Fatalf("%d certificates stored", len(recs))
		}

		// What the check sees is what is signed and stored.
		s.certs.CheckCertificate = func(_ context.Context, c *certification.Certificate) error { checked = c; return nil }
		rec, err := s.certs.IssueCertificate(ctx, app.ID, issueReq)
		if err != nil {
			t.Fatal(err)
		}
		if got := rec.Certificate().Number; got != "CDPCF-2026-000001" {
			t.Fatalf("number %q after failed issues, want the first", got)
		}
		if diff := certification.DiffCertificates(checked, rec.Certificate()); diff != nil {
			t.Fatalf("the stored certificate differs from the checked one in %v", diff)
		}
		// An approval number given for an organisation without one is
		// printed (and recorded: TestRedteam7_OneApprovalNumberPerCertifier).
		rec, err = s.certs.IssueCertificate(ctx, unapproved.ID, certification.IssueRequest{Signatory: issueReq.Signatory, ApprovalNumber: " CNCA-R-2026-123 "})
		if err != nil {
			t.Fatal(err)
		}
		if got := rec.Certificate().Certifier.ApprovalNumber; got != "CNCA-R-2026-123" {
			t.Fatalf("approval number %q", got)
		}
	})
}

// Ensure certificates form one lineage per study (issue 9 item 6): a new
// certificate for a study that has one goes through an application that
// names the current one, supersedes it (a withdrawn one stays withdrawn,
// linked), and never stands beside it.
func TestCertificationService_Lineage(t *testing.T) {
	t.Run("SecondCertificateSupersedes", func(t *testing.T) {
		// Ensure a second application for a study with a valid
		// certificate is refused unless it names that certificate, and
		// that the new certificate supersedes it with the next revision.
		ctx, s := mustStart(t)
		old := s.MustIssue(t, demoSerial)
		oldID := old.Certificate().ID
		studyID := old.Certificate().StudyID
		_, err := s.apply(ctx, orgMaker, studyID, uuid.Nil)
		assertCode(t, err, footprint.ECONFLICT)
		if got := footprint.ErrorField(err); got != "supersedes" || !strings.Contains(footprint.ErrorMessage(err), old.Certificate().Number) {
			t.Fatalf("field %q: %v", got, err)
		}
		_, err = s.apply(ctx, orgMaker, studyID, uuid.New())
		assertCode(t, err, footprint.ENOTFOUND)

		rec := s.MustSupersede(t, old)
		c := rec.Certificate()
		if c.Number != "CDPCF-2026-000002" || c.Revision != 2 || c.Supersedes != oldID || c.StudyID != studyID || rec.Status != certification.CertificateValid {
			t.Fatalf("new certificate %+v (%s)", c, rec.Status)
		}
		got := mustFindCertificate(t, s, oldID)
		if got.Status != certification.CertificateSuperseded || got.SupersededBy != c.ID || !got.StatusChangedAt.Equal(c.IssuedAt) {
			t.Fatalf("old record %+v", got)
		}
		// The verifier sees it superseded even after it expired.
		if st := got.Certificate().StatusAt(got.Status, got.Certificate().ExpiresAt.AddDate(1, 0, 0)); st != certification.CertificateSuperseded {
			t.Fatalf("status at expiry %s", st)
		}
		action := access.AuditCertificateReissue
		events := s.mustAuditEvents(t, access.AuditFilter{Action: &action})
		if len(events) != 1 || events[0].Subject != "certificate/"+c.ID.String() || !strings.Contains(events[0].Detail, oldID.String()) {
			t.Fatalf("events %+v", events)
		}
		// The superseded certificate is no longer the one to name.
		_, err = s.apply(ctx, orgMaker, studyID, oldID)
		assertCode(t, err, footprint.ECONFLICT)
	})

	t.Run("WithdrawnIsLinked", func(t *testing.T) {
		// Ensure the model whose certificate was withdrawn is certified
		// again only by naming it, from a new study (the study of the
		// withdrawn one is not certified again: WithdrawnStudy): the new
		// certificate supersedes it, and the withdrawn one stays
		// withdrawn, linked to its successor.
		ctx, s := mustStart(t)
		old := s.MustIssue(t, demoSerial)
		oldID := old.Certificate().ID
		s.mustSetStatus(t, ctx, oldID, certification.CertificateWithdrawn, "fraud")
		_, err := s.apply(ctx, orgMaker, old.Certificate().StudyID, uuid.Nil)
		assertCode(t, err, footprint.ECONFLICT)
		next := s.MustCreateModelStudy(t, orgMaker, "GEC-WL-2")
		c := s.mustIssueApp(t, &certification.Application{StudyID: next.ID, Manufacturer: orgMaker, Certifier: orgCertifier, Supersedes: oldID}).Certificate()
		if c.Supersedes != oldID || c.Revision != 2 {
			t.Fatalf("new certificate %+v", c)
		}
		got := mustFindCertificate(t, s, oldID)
		if got.Status != certification.CertificateWithdrawn || got.StatusReason != "fraud" || got.SupersededBy != c.ID {
			t.Fatalf("withdrawn record %+v", got)
		}
	})

	t.Run("WithdrawnStudy", func(t *testing.T) {
		// Ensure the study of a certificate withdrawn for cause gets no
		// fresh certificate: not by superseding the withdrawn one, not
		// through an application made while it was valid, and not by
		// superseding a later certificate of its lineage, which a new
		// study continued. ECONFLICT names study_id and the reason, and
		// nothing is written.
		ctx, s := mustStart(t)
		old := s.MustIssue(t, demoSerial)
		oldID, studyID := old.Certificate().ID, old.Certificate().StudyID
		pending, err := s.apply(ctx, orgMaker, studyID, oldID) // a reissue applied for while it was valid
		if err != nil {
			t.Fatal(err)
		}
		s.mustSetStatus(t, ctx, oldID, certification.CertificateWithdrawn, "Data falsified")
		refused := func(what string, err error) {
			t.Helper()
			assertCode(t, err, footprint.ECONFLICT)
			if msg := footprint.ErrorMessage(err); footprint.ErrorField(err) != "study_id" || !strings.Contains(msg, "Data falsified") || !strings.Contains(msg, old.Certificate().Number) {
				t.Fatalf("%s: field %q: %v", what, footprint.ErrorField(err), err)
			}
		}
		n := s.auditCount(t)
		_, err = s.certs.IssueCertificate(ctx, pending.ID, issueReq)
		refused("issue of the pending application", err)
		if got := s.auditCount(t); got != n {
			t.Fatalf("audit events %d → %d after a refused issue", n, got)
		}
		if _, err := s.certs.RejectApplication(ctx, pending.ID, []string{"withdrawn"}); err != nil {
			t.Fatal(err)
		}
		_, err = s.apply(ctx, orgMaker, studyID, oldID)
		refused("application naming the withdrawn certificate", err)

		next := s.MustCreateModelStudy(t, orgMaker, "GEC-WS-2")
		c := s.mustIssueApp(t, &certification.Application{StudyID: next.ID, Manufacturer: orgMaker, Certifier: orgCertifier, Supersedes: oldID}).Certificate()
		_, err = s.apply(ctx, orgMaker, studyID, c.ID)
		refused("application naming the lineage's current certificate", err)

		// The withdrawn certificates by study, which the refusal reads,
		// are built at Open for a file written before them (session 35).
		mustRun(t, s.db, factordb.CheckCertificateIndexes)
		mustRun(t, s.db, factordb.DropWithdrawnStudies)
		mustRun(t, s.db, factordb.Init)
		_, err = s.apply(ctx, orgMaker, studyID, c.ID)
		refused("application after the index is built at Open", err)
		mustRun(t, s.db, factordb.CheckCertificateIndexes)
	})

	t.Run("SuspendedIsNotSuperseded", func(t *testing.T) {
		// Ensure a suspended certificate cannot be replaced: its certifier
		// reinstates or withdraws it first.
		ctx, s := mustStart(t)
		old := s.MustIssue(t, demoSerial)
		oldID := old.Certificate().ID
		s.mustSetStatus(t, ctx, oldID, certification.CertificateSuspended, "review")
		_, err := s.apply(ctx, orgMaker, old.Certificate().StudyID, oldID)
		assertCode(t, err, footprint.ECONFLICT)
		if !strings.Contains(footprint.ErrorMessage(err), "suspended") {
			t.Fatalf("message %q", footprint.ErrorMessage(err))
		}
		s.mustSetStatus(t, ctx, oldID, certification.CertificateValid, "review passed")
		s.MustSupersede(t, old)
	})

	t.Run("AnotherStudyOfTheModel", func(t *testing.T) {
		// Ensure a new study of the same product model continues the
		// lineage only by naming its current certificate, of the same
		// manufacturer and model; the old study then belongs to it too.
		ctx, s := mustStart(t)
		old := s.MustIssue(t, demoSerial)
		oldID := old.Certificate().ID
		next := s.MustCreateModelStudy(t, orgMaker, "GEC-L-2")
		rec := s.mustIssueApp(t, &certification.Application{StudyID: next.ID, Manufacturer: orgMaker, Certifier: orgCertifier, Supersedes: oldID})
		if c := rec.Certificate(); c.StudyID != next.ID || c.Supersedes != oldID || c.Revision != 2 {
			t.Fatalf("certificate %+v", c)
		}
		// The first study's current certificate is now the new one.
		_, err := s.apply(ctx, orgMaker, old.Certificate().StudyID, oldID)
		assertCode(t, err, footprint.ECONFLICT)
		if _, err := s.apply(ctx, orgMaker, old.Certificate().StudyID, rec.Certificate().ID); err != nil {
			t.Fatal(err)
		}

		// Another model, or another manufacturer's certificate, is refused.
		other := s.MustCreateStudy(t, orgMaker, "GEC-L-3", func(st *footprint.Study) { st.Product.Model = "OTHER-MODEL-1" })
		_, err = s.apply(ctx, orgMaker, other.ID, rec.Certificate().ID)
		assertCode(t, err, footprint.ECONFLICT)
		theirs := s.MustCreateStudy(t, orgMaker2, "GEC-L-4")
		_, err = s.apply(ctx, orgMaker2, theirs.ID, rec.Certificate().ID)
		assertCode(t, err, footprint.ENOTFOUND)
		if got := footprint.ErrorField(err); got != "supersedes" {
			t.Fatalf("field %q", got)
		}
	})

	t.Run("LineageChangedBeforeIssue", func(t *testing.T) {
		// Ensure two applications naming the same certificate issue once:
		// the second finds the lineage moved on and writes nothing.
		ctx, s := mustStart(t)
		old := s.MustIssue(t, demoSerial)
		oldID := old.Certificate().ID
		first, err := s.apply(ctx, orgMaker, old.Certificate().StudyID, oldID)
		if err != nil {
			t.Fatal(err)
		}
		second, err := s.apply(ctx, orgMaker, s.MustCreateModelStudy(t, orgMaker, "GEC-L-5").ID, oldID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.certs.IssueCertificate(ctx, first.ID, issueReq); err != nil {
			t.Fatal(err)
		}
		before := s.auditCount(t)
		_, err = s.certs.IssueCertificate(ctx, second.ID, issueReq)
		assertCode(t, err, footprint.ECONFLICT)
		if a, err := s.certs.FindApplicationByID(ctx, second.ID); err != nil || a.Status != certification.ApplicationPending {
			t.Fatalf("application %+v %v", a, err)
		}
		if n := s.auditCount(t); n != before {
			t.Fatalf("%d audit events, want %d", n, before)
		}
		if got := s.MustIssue(t, "GEC-L-6").Certificate().Number; got != "CDPCF-2026-000003" {
			t.Fatalf("number %s after the refused issue", got)
		}
	})
}

// Ensure a database written before the study index existed gets it at
// Open: its certificates keep their lineages, and where a study has several
// certificates standing side by side (older versions allowed it), the
// latest is the one a new application supersedes.
func TestCertificationService_LineageIndexBuiltAtOpen(t *testing.T) {
	ctx, s := mustStart(t)
	first := s.MustIssue(t, demoSerial)
	studyID := first.Certificate().StudyID
	// As an older version would: a second certificate for the study
	// without superseding the first.
	mustRun(t, s.db, factordb.DropCertificateStudies)
	second := s.mustIssueStudy(t, studyID, orgMaker)
	mustRun(t, s.db, factordb.DropCertificateStudies)
	mustRun(t, s.db, factordb.Init) // what Open does
	certs := s.certs
	for _, tt := range []struct {
		supersedes uuid.UUID
		code       string
	}{
		{uuid.Nil, footprint.ECONFLICT},
		{first.Certificate().ID, footprint.ECONFLICT},
		{second.Certificate().ID, ""},
	} {
		err := certs.CreateApplication(ctx, &certification.Application{StudyID: studyID, Manufacturer: orgMaker, Certifier: orgCertifier, Supersedes: tt.supersedes})
		if got := footprint.ErrorCode(err); err != nil && got != tt.code || err == nil && tt.code != "" {
			t.Fatalf("supersedes %s: %v, want %q", tt.supersedes, err, tt.code)
		}
	}
}

// Ensure issues racing key rotations all succeed and each certificate is
// signed with the key that was active at its issue time: never with a key
// retired before it (which verifiers refuse) nor with one created after it.
// The key is read in the issue's own write transaction, so there is no
// window for a rotation to fall into.
func TestCertificationService_IssueCertificate_KeyRotatedMeanwhile(t *testing.T) {
	s := MustOpenWithOrgs(t)
	ctx := context.Background()
	var clock atomic.Int64
	clock.Store(time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC).Unix())
	s.db.Now = func() time.Time { return time.Unix(clock.Add(1), 0).UTC() } // one second per reading
	const issues, rotations = 8, 4
	apps := s.MustApplyN(t, "GEC-ROTATE-%d", issues)
	mustActiveKey(t, s.keys)
	recs := make([]*certification.CertificateRecord, issues)
	errs := make([]error, issues+rotations)
	var wg sync.WaitGroup
	for i := range apps {
		wg.Go(func() { recs[i], errs[i] = s.certs.IssueCertificate(ctx, apps[i].ID, issueReq) })
	}
	for i := range rotations {
		wg.Go(func() { _, errs[issues+i] = s.keys.RotateSigningKey(ctx) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	keys, err := s.keys.PublicKeys(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != rotations+1 {
		t.Fatalf("%d keys, want %d", len(keys), rotations+1)
	}
	for _, rec := range recs {
		if err := certification.VerifyCertificate(rec.Signed, keys); err != nil {
			t.Fatalf("%s: %v", rec.Certificate().Number, err)
		}
		issued := rec.Certificate().IssuedAt
		var active []string
		for _, k := range keys {
			if !issued.Before(k.Created) && (k.Retired.IsZero() || issued.Before(k.Retired)) {
				active = append(active, k.ID)
			}
		}
		if len(active) != 1 || active[0] != rec.Signed.KeyID {
			t.Fatalf("%s issued at %s signed by %s; keys active then: %v", rec.Certificate().Number, issued, rec.Signed.KeyID, active)
		}
	}
}

// Ensure an application for a study whose certificate would print
// misleadingly (a look-alike model, a declared unit of a case of the
// product or of a fraction of one) is refused when it is made, naming the
// field, and stores nothing: the issue would refuse it anyway
// (certification.CheckPrintable), and the manufacturer learns it now.
func TestCertificationService_CreateApplicationChecksWhatTheCertificatePrints(t *testing.T) {
	ctx, s := mustStart(t)
	for i, tt := range []struct {
		name, field string
		change      func(st *footprint.Study)
	}{
		{"FullWidthModel", "product.model", func(st *footprint.Study) { st.Product.Model = "DEMO-M10-５４" }},
		{"PerHalfModule", "declared_unit.amount", func(st *footprint.Study) { st.DeclaredUnit.Amount = 0.5 }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			st := demoStudy(t, orgMaker, fmt.Sprintf("GEC-PRINT-%d", i))
			tt.change(st)
			if _, err := s.studies.CreateStudy(ctx, st); err != nil {
				t.Fatalf("study refused before the application: %v", err)
			}
			_, err := s.apply(ctx, orgMaker, st.ID, uuid.Nil)
			if footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != tt.field {
				t.Fatalf("application: %v (field %q), want EINVALID naming %s", err, footprint.ErrorField(err), tt.field)
			}
			apps, err := s.certs.FindApplications(ctx, certification.ApplicationFilter{})
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range apps {
				if a.StudyID == st.ID {
					t.Fatalf("refused application stored: %+v", a)
				}
			}
		})
	}
}

// Ensure what a certificate cannot print is refused when a study is
// applied for, not when the certifier issues. A product name of 201
// characters, a product name with a line break, a GTIN of 7 digits or a
// site of 301 characters was stored and applied for, reviewed, and
// refused only at issue ("text is longer than 200 characters"): the
// application checks the certificate's limits on what the study gives it.
func TestRedteam5_CertificateLimitsAtApplication(t *testing.T) {
	for _, tt := range []struct {
		name, field string
		change      func(p *footprint.Product)
	}{
		{"long name", "product.name_en", func(p *footprint.Product) { p.Name = strings.Repeat("n", 201) }},
		{"line break", "product.name_zh", func(p *footprint.Product) { p.NameZH = "示例\n组件" }},
		{"gtin", "product.gtin", func(p *footprint.Product) { p.GTIN = "1234567" }},
		{"long site", "product.site", func(p *footprint.Product) { p.Site = strings.Repeat("s", 301) }},
	} {
		t.Run(tt.name, func(t *testing.T) { assertProductRefusedAtApplication(t, tt.change, tt.field) })
	}
}

// assertProductRefusedAtApplication stores the demo study with its product
// changed by change and requires the application for it to be refused,
// EINVALID naming field.
func assertProductRefusedAtApplication(t *testing.T, change func(p *footprint.Product), field string) {
	t.Helper()
	s := MustOpenServices(t)
	s.MustCreateOrgs(t)
	s.db.Now = func() time.Time { return time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC) }
	st := s.MustCreateStudy(t, orgMaker, demoSerial, func(st *footprint.Study) { change(&st.Product) })
	err := s.certs.CreateApplication(context.Background(), &certification.Application{StudyID: st.ID, Manufacturer: orgMaker, Certifier: orgCertifier})
	if footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != field {
		t.Fatalf("applied: %v, want EINVALID naming %s", err, field)
	}
}

// pendingByScan returns study ID → pending application ID, read from every
// application (what the pending-application index must equal).
func (s *services) pendingByScan(tb testing.TB) map[string]uuid.UUID {
	tb.Helper()
	pending := certification.ApplicationPending
	apps, err := s.certs.FindApplications(context.Background(), certification.ApplicationFilter{Status: &pending})
	if err != nil {
		tb.Fatal(err)
	}
	out := map[string]uuid.UUID{}
	for _, a := range apps {
		out[a.StudyID] = a.ID
	}
	return out
}

func (s *services) assertPendingIndex(tb testing.TB) {
	tb.Helper()
	got, err := factordb.PendingApplicationIndex(s.db)
	if err != nil {
		tb.Fatal(err)
	}
	if want := s.pendingByScan(tb); !maps.Equal(got, want) {
		tb.Fatalf("pending-application index %v, scan %v", got, want)
	}
}

// The pending-application index equals what a scan of the applications
// gives after creates, rejections and issues, and a database written before
// it existed gets it at Open.
func TestCertificationService_PendingApplicationIndex(t *testing.T) {
	ctx, s := mustStart(t)
	var apps []*certification.Application
	for i := range 6 {
		apps = append(apps, s.MustApply(t, fmt.Sprintf("PCF-IDX-%03d", i)))
	}
	s.assertPendingIndex(t)
	if got := len(s.pendingByScan(t)); got != 6 {
		t.Fatalf("%d pending, want 6", got)
	}

	// Decided applications leave the index; the study can apply again.
	if _, err := s.certs.RejectApplication(ctx, apps[0].ID, []string{"incomplete"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.certs.IssueCertificate(ctx, apps[1].ID, issueReq); err != nil {
		t.Fatal(err)
	}
	s.assertPendingIndex(t)
	again := &certification.Application{StudyID: apps[0].StudyID, Manufacturer: orgMaker, Certifier: orgCertifier}
	if err := s.certs.CreateApplication(ctx, again); err != nil {
		t.Fatal(err)
	}
	// A second pending application of a study is refused by the index.
	dup := &certification.Application{StudyID: apps[2].StudyID, Manufacturer: orgMaker, Certifier: orgCertifier}
	if err := s.certs.CreateApplication(ctx, dup); footprint.ErrorCode(err) != footprint.ECONFLICT {
		t.Fatalf("second pending application: %v, want ECONFLICT", err)
	}
	s.assertPendingIndex(t)

	// An existing database without the index gets it at Open.
	mustRun(t, s.db, factordb.DropPendingApplications)
	if got, _ := factordb.PendingApplicationIndex(s.db); len(got) != 0 {
		t.Fatalf("index not dropped: %v", got)
	}
	mustRun(t, s.db, factordb.Init)
	s.assertPendingIndex(t)
	if err := s.certs.CreateApplication(ctx, dup); footprint.ErrorCode(err) != footprint.ECONFLICT {
		t.Fatalf("second pending application after rebuild: %v, want ECONFLICT", err)
	}
}

// BenchmarkCreateApplication creates a pending application and rejects it
// (so that the study can apply again), in a database holding n decided
// applications written by the fast loader. Issue 14 item 3: the cost must
// not grow with n.
func BenchmarkCreateApplication(b *testing.B) { benchCreateApplication(b, nil) }

// benchCreateApplication is BenchmarkCreateApplication with checkStudy as
// the service's CheckStudy (nil for none).
func benchCreateApplication(b *testing.B, checkStudy func(context.Context, *footprint.Study) error) {
	for _, n := range scaleSizes() {
		b.Run(fmt.Sprintf("applications=%d", n), func(b *testing.B) {
			ctx := context.Background()
			s := MustOpenWithOrgs(b)
			s.certs.CheckStudy = checkStudy
			st := s.MustCreateStudy(b, orgMaker, "PCF-BENCH-001")
			if err := factordb.LoadDecidedApplications(s.db, n, orgMaker, orgCertifier); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				app := &certification.Application{StudyID: st.ID, Manufacturer: orgMaker, Certifier: orgCertifier}
				if err := s.certs.CreateApplication(ctx, app); err != nil {
					b.Fatal(err)
				}
				if _, err := s.certs.RejectApplication(ctx, app.ID, []string{"benchmark"}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// FindApplications by certifier, manufacturer, status and study, alone and
// combined, answers from the filter index exactly what a scan of every
// application answers, after creates, rejections and issues, whole and in
// pages of 1, 2 and 3 (Limit, After); the index
// holds no entry under an old status; the model index (the applications
// by holder and product model a review reads) holds an entry for each;
// a database written before they existed gets them at Open.
func TestCertificationService_ApplicationFilterIndex(t *testing.T) {
	ctx, s := mustStart(t)
	const otherCertifier = "Other Certification Centre"
	if err := s.auth.CreateOrganization(ctx, &access.Organization{Name: otherCertifier, Role: access.RoleCertifier, ApprovalNumber: "CNCA-R-2026-998"}); err != nil {
		t.Fatal(err)
	}
	var apps []*certification.Application
	for i := range 8 {
		owner, certifier := []string{orgMaker, orgMaker2}[i%2], []string{orgCertifier, otherCertifier}[i/4]
		st := s.MustCreateStudy(t, owner, fmt.Sprintf("PCF-AIDX-%03d", i))
		app := &certification.Application{StudyID: st.ID, Manufacturer: owner, Certifier: certifier}
		if err := s.certs.CreateApplication(ctx, app); err != nil {
			t.Fatal(err)
		}
		apps = append(apps, app)
	}
	for _, i := range []int{0, 5} {
		if _, err := s.certs.RejectApplication(ctx, apps[i].ID, []string{"incomplete"}); err != nil {
			t.Fatal(err)
		}
	}
	for _, i := range []int{1, 6} {
		if _, err := s.certs.IssueCertificate(ctx, apps[i].ID, issueReq); err != nil {
			t.Fatal(err)
		}
	}
	// The rejected study 0 applies again.
	again := &certification.Application{StudyID: apps[0].StudyID, Manufacturer: orgMaker, Certifier: otherCertifier}
	if err := s.certs.CreateApplication(ctx, again); err != nil {
		t.Fatal(err)
	}
	str := func(v string) *string { return &v }
	stp := func(v certification.ApplicationStatus) *certification.ApplicationStatus { return &v }
	filters := []certification.ApplicationFilter{
		{},
		{Certifier: str(orgCertifier)},
		{Certifier: str(otherCertifier), Status: stp(certification.ApplicationPending)},
		{Certifier: str(orgCertifier), Status: stp(certification.ApplicationIssued)},
		{Manufacturer: str(orgMaker)},
		{Manufacturer: str(orgMaker2), Status: stp(certification.ApplicationRejected)},
		{Manufacturer: str(orgMaker), Certifier: str(otherCertifier)},
		{Status: stp(certification.ApplicationPending)},
		{Status: stp(certification.ApplicationRejected)},
		{Status: stp("bogus")},
		{StudyID: str(apps[0].StudyID)},
		{StudyID: str(apps[0].StudyID), Status: stp(certification.ApplicationPending)},
		{StudyID: str("nope")},
		{Certifier: str("Nobody")},
	}
	ids := func(apps []*certification.Application) []string {
		var out []string
		for _, a := range apps {
			out = append(out, a.ID.String()+" "+string(a.Status))
		}
		return out
	}
	// find returns the applications of f found through the index and by
	// the scan.
	find := func(f certification.ApplicationFilter) ([]*certification.Application, []*certification.Application) {
		t.Helper()
		indexed, err := s.certs.FindApplications(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		scan, err := s.certs.FindApplicationsScan(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		return indexed, scan
	}
	compare := func(stage string) {
		t.Helper()
		if err := factordb.CheckApplicationFilterIndex(s.db); err != nil {
			t.Fatalf("%s: %v", stage, err)
		}
		for _, f := range filters {
			got, want := find(f)
			if !slices.Equal(ids(got), ids(want)) {
				t.Fatalf("%s: filter %+v: indexed %v, scan %v", stage, f, ids(got), ids(want))
			}
			// Page by page (Limit, After the last of the page before), the
			// same list, each page as the scan's.
			for _, limit := range []int{1, 2, 3} {
				var paged []*certification.Application
				for pf := f; ; {
					pf.Limit = limit
					page, scanPage := find(pf)
					if len(page) > limit || !slices.Equal(ids(page), ids(scanPage)) {
						t.Fatalf("%s: filter %+v, limit %d: page %v, scan's %v", stage, f, limit, ids(page), ids(scanPage))
					}
					paged = append(paged, page...)
					if len(page) < limit {
						break
					}
					pf.After = certification.ApplicationKey(page[len(page)-1])
				}
				if !slices.Equal(ids(paged), ids(want)) {
					t.Fatalf("%s: filter %+v in pages of %d: %v, want %v", stage, f, limit, ids(paged), ids(want))
				}
			}
		}
	}
	compare("decided")
	if got, err := s.certs.FindApplications(ctx, certification.ApplicationFilter{Status: stp(certification.ApplicationPending)}); err != nil || len(got) != 5 {
		t.Fatalf("pending: %d (%v), want 5", len(got), err)
	}

	mustRun(t, s.db, factordb.DropApplicationFilterIndex)
	if got, _ := s.certs.FindApplications(ctx, certification.ApplicationFilter{Certifier: str(orgCertifier)}); len(got) != 0 {
		t.Fatalf("index not dropped: %d", len(got))
	}
	mustRun(t, s.db, factordb.Init)
	compare("rebuilt at Open")
}

// Ensure application_filters holds only what is read of it (a study's
// applications and their status) and that a file an earlier program wrote
// loses its certifier's and manufacturer's keys at Open: the lists read
// application_order since session 43, and those keys were written and
// deleted on every application and decision, and never read.
func TestApplicationFilters_OrganisationKeysRetired(t *testing.T) {
	ctx, s := mustStart(t)
	for i := range 2 {
		st := s.MustCreateStudy(t, orgMaker, fmt.Sprintf("PCF-RETIRE-%d", i))
		if err := s.certs.CreateApplication(ctx, &certification.Application{StudyID: st.ID, Manufacturer: orgMaker, Certifier: orgCertifier}); err != nil {
			t.Fatal(err)
		}
	}
	kinds := func(when string) {
		t.Helper()
		if got, err := factordb.ApplicationFilterKinds(s.db); err != nil || got != "Ss" {
			t.Fatalf("%s: application_filters keys of kinds %q (%v), want only \"Ss\"", when, got, err)
		}
	}
	kinds("written")
	mustRun(t, s.db, factordb.PutOldApplicationFilterKeys)
	mustRun(t, s.db, factordb.Init) // what Open does
	kinds("opened after an earlier program")
	mustRun(t, s.db, factordb.CheckApplicationFilterIndex)
	// A program of schema 8 writing to the file after that (a roll-back)
	// wrote them again: the file of schema 8 loses them at the next Open
	// (schema 9), and DB.Check (pcf audit verify) finds the index sound.
	mustRun(t, s.db, factordb.PutOldApplicationFilterKeys)
	mustRun(t, s.db, factordb.Init)
	kinds("opened after a roll-back to schema 8")
	mustRun(t, s.db, (*factordb.DB).Check)
}

// Ensure a page of an application list reads from where the page before
// ended (issue 14: no scan grows with the database on a request path):
// with the record of a certifier's first application spoiled, the pages
// after it are read whole and in order, while the list from its start
// fails on it. Before, every matching application was read and sorted for
// each page (the API cut the page out of the whole list).
func TestCertificationService_ApplicationPageReadsFromItsPlace(t *testing.T) {
	ctx, s := mustStart(t)
	var apps []*certification.Application
	for i := range 5 {
		st := s.MustCreateStudy(t, orgMaker, fmt.Sprintf("PCF-PAGE-%03d", i))
		app := &certification.Application{StudyID: st.ID, Manufacturer: orgMaker, Certifier: orgCertifier}
		if err := s.certs.CreateApplication(ctx, app); err != nil {
			t.Fatal(err)
		}
		apps = append(apps, app)
	}
	restore, err := factordb.SpoilApplicationRecord(s.db, apps[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { // the store's consistency check at the end reads it
		if err := restore(); err != nil {
			t.Error(err)
		}
	}()
	certifier := orgCertifier
	page, err := s.certs.FindApplications(ctx, certification.ApplicationFilter{Certifier: &certifier, After: certification.ApplicationKey(apps[1]), Limit: 2})
	if err != nil {
		t.Fatalf("the page after the second application: %v", err)
	}
	if len(page) != 2 || page[0].ID != apps[2].ID || page[1].ID != apps[3].ID {
		t.Fatalf("the page after the second application: %v, want the third and fourth", page)
	}
	if _, err := s.certs.FindApplications(ctx, certification.ApplicationFilter{Certifier: &certifier, Limit: 2}); footprint.ErrorCode(err) != footprint.EINTERNAL {
		t.Fatalf("the first page, on the spoiled record: %v, want an internal error", err)
	}
}

// Ensure a certifier signs every certificate under one approval number
// (red team 7): a certifier organisation without a CNCA approval number on
// record signed, on each certificate, whatever number its issue request
// gave (CDPCF-2026-000004 as "CNCA-R-2002-001", CDPCF-2026-000005 as
// "CNCA-R-2017-123"), and its record still had none. The first number it
// gives is now recorded on its organisation in the issue's transaction,
// with an audit event; a different one later is refused, naming the one
// on record, on a reissue too; the same one is accepted, and none gives
// the one on record. An issue refused for another reason records nothing.
func TestRedteam7_OneApprovalNumberPerCertifier(t *testing.T) {
	ctx, s := mustStart(t)
	const certifier, recorded = "Unapproved Certifier", "CNCA-R-2002-001"
	if err := s.auth.CreateOrganization(ctx, &access.Organization{Name: certifier, Role: access.RoleCertifier}); err != nil {
		t.Fatal(err)
	}
	onRecord := func() string {
		t.Helper()
		o, err := s.auth.FindOrganizationByName(ctx, certifier)
		if err != nil {
			t.Fatal(err)
		}
		return o.ApprovalNumber
	}
	boom := footprint.FieldErrorf(footprint.EINVALID, "product.name_zh", "characters not in the certificate font: U+20000")
	var first *certification.Certificate
	var app *certification.Application // pending, kept after a refusal
	for i, step := range []struct {
		what, given string
		want        string // printed; "" for a refusal
		reissue     bool   // the application supersedes the first certificate
		checkFails  bool   // the renderer's check refuses the certificate
	}{
		{what: "first given, refused by the check", given: "CNCA-R-1999-000", checkFails: true},
		{what: "first given", given: " " + recorded + " ", want: recorded},
		{what: "another", given: "CNCA-R-2017-123"},
		{what: "the same again", given: recorded, want: recorded},
		{what: "none", want: recorded},
		{what: "another on a reissue", given: "CNCA-R-2017-123", reissue: true},
		{what: "none on a reissue", want: recorded, reissue: true},
	} {
		if app == nil {
			app = &certification.Application{Manufacturer: orgMaker, Certifier: certifier}
			if step.reissue {
				app.StudyID, app.Supersedes = first.StudyID, first.ID
			} else {
				app.StudyID = s.MustCreateStudy(t, orgMaker, fmt.Sprintf("GEC-RT7-AP%d", i), func(st *footprint.Study) { st.Product.Model += fmt.Sprintf(" AP%d", i) }).ID
			}
			if err := s.certs.CreateApplication(ctx, app); err != nil {
				t.Fatal(err)
			}
		}
		before, beforeNumber := s.auditCount(t), onRecord()
		s.certs.CheckCertificate = nil
		if step.checkFails {
			s.certs.CheckCertificate = func(context.Context, *certification.Certificate) error { return boom }
		}
		rec, err := s.certs.IssueCertificate(ctx, app.ID, certification.IssueRequest{Signatory: issueReq.Signatory, ApprovalNumber: step.given})
		if step.want == "" {
			switch {
			case step.checkFails && !errors.Is(err, boom):
				t.Fatalf("%s: err=%v, want the check's", step.what, err)
			case !step.checkFails:
				assertInvalid(t, err, "approval_number")
				if msg := footprint.ErrorMessage(err); !strings.Contains(msg, recorded) {
					t.Fatalf("%s: message %q does not name the number on record", step.what, msg)
				}
			}
			if n, number := s.auditCount(t), onRecord(); n != before || number != beforeNumber {
				t.Fatalf("%s: refused, and the trail went from %d to %d events, the number on record from %q to %q", step.what, before, n, beforeNumber, number)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", step.what, err)
		}
		if got := rec.Certificate().Certifier.ApprovalNumber; got != step.want {
			t.Fatalf("%s: printed %q, want %q", step.what, got, step.want)
		}
		if got := onRecord(); got != recorded {
			t.Fatalf("%s: %q on record, want %q", step.what, got, recorded)
		}
		if first == nil {
			first = rec.Certificate()
		}
		app = nil
	}
	action := access.AuditOrganizationApproval
	events := s.mustAuditEvents(t, access.AuditFilter{Action: &action})
	if len(events) != 1 || events[0].Subject != "organization/"+certifier || !strings.Contains(events[0].Detail, recorded) || !strings.Contains(events[0].Detail, first.Number) {
		t.Fatalf("events %+v", events)
	}
}

// Red team 9: the product name is printed on the signed certificate and
// the public verification page under the certificate's own number and
// figure. A name that states a carbon figure ("15 kgCO2e per module", a
// tenth of the certified 150) or another certificate's number reads there
// as a claim the certification made. Both were applied for and issued.
func TestForge9_ProductNameStatesFigureOrNumber(t *testing.T) {
	for _, tt := range []struct {
		name, field string
		change      func(p *footprint.Product)
	}{
		{"figure in English name", "product.name", func(p *footprint.Product) { p.Name = "Demo PV module, carbon footprint 15 kgCO2e per module" }},
		{"figure in Chinese name", "product.name_zh", func(p *footprint.Product) { p.NameZH = "产品碳足迹 15 kgCO2e/块组件" }},
		{"another certificate's number", "product.name", func(p *footprint.Product) { p.Name = "Demo PV module CDPCF-2026-000001" }},
	} {
		t.Run(tt.name, func(t *testing.T) { assertProductRefusedAtApplication(t, tt.change, tt.field) })
	}
}

// Red team 9: a certifier without an approval number on record gives, at
// its first issue, the approval number of another certification body
// (orgCertifier's CNCA-R-2026-999). The certificate was signed printing
// it, and it was recorded on the certifier as its own: two bodies then
// sign under one CNCA approval number, which names one body.
func TestForge9_ApprovalNumberOfAnotherCertifier(t *testing.T) {
	ctx := context.Background()
	const shady = "Shady Verification Ltd"
	s, app := mustApplyToNewCertifier(t, shady, "GEC-FORGE9-AP1", " F9")
	rec, err := s.certs.IssueCertificate(ctx, app.ID, certification.IssueRequest{Signatory: issueReq.Signatory, ApprovalNumber: "CNCA-R-2026-999"})
	if err == nil {
		t.Fatalf("issued %s by %s printing approval number %q, orgCertifier's", rec.Certificate().Number, shady, rec.Certificate().Certifier.ApprovalNumber)
	}
	if footprint.ErrorField(err) != "approval_number" {
		t.Fatalf("refused for %v, want approval_number named", err)
	}
}

// Red team 9: organisations are told apart by their name byte for byte,
// so a certifier (or manufacturer) can be registered under a name that
// prints as another's ("Demo  Certification Centre", two spaces: the PDF
// and the HTML page show one), and under its approval number. A certificate
// of the look-alike printed "Demo Certification Centre, Approval No.
// CNCA-R-2026-999", as the genuine certifier's do.
func TestForge9_LookAlikeOrganization(t *testing.T) {
	ctx := context.Background()
	for _, o := range []access.Organization{
		{Name: "Demo  Certification Centre", Role: access.RoleCertifier},                                  // name printed as orgCertifier's
		{Name: "Other Certification Body", Role: access.RoleCertifier, ApprovalNumber: "CNCA-R-2026-999"}, // orgCertifier's approval number
		{Name: "Other Certification Body", Role: access.RoleCertifier, NameZH: "示例认证中心"},                  // orgCertifier's Chinese name
	} {
		s := MustOpenWithOrgs(t)
		if err := s.auth.CreateOrganization(ctx, &o); footprint.ErrorCode(err) != footprint.ECONFLICT {
			t.Errorf("organisation %+v: %v, want ECONFLICT (another organisation prints as it)", o, err)
		}
	}
}

// mustApplyToNewCertifier registers the test organisations and certifier
// (without an approval number), stores a study of orgMaker with serial and
// its model followed by modelSuffix, and applies for it with certifier.
func mustApplyToNewCertifier(t *testing.T, certifier, serial, modelSuffix string) (*services, *certification.Application) {
	t.Helper()
	s := MustOpenServices(t)
	s.MustCreateOrgs(t, access.Organization{Name: certifier, Role: access.RoleCertifier})
	app := &certification.Application{Manufacturer: orgMaker, Certifier: certifier,
		StudyID: s.MustCreateStudy(t, orgMaker, serial, func(st *footprint.Study) { st.Product.Model += modelSuffix }).ID}
	if err := s.certs.CreateApplication(context.Background(), app); err != nil {
		t.Fatal(err)
	}
	return s, app
}

// Ensure a certifier without an approval number on record cannot give
// another body's, however spelt, and nothing is written when it is
// refused; its own number is then recorded and held against others.
func TestIssue_ApprovalNumberNamesOneBody(t *testing.T) {
	ctx := context.Background()
	const body = "Second Verification Body"
	s, app := mustApplyToNewCertifier(t, body, "GEC-ORGIDX-1", " OI")
	before := s.auditCount(t)
	_, err := s.certs.IssueCertificate(ctx, app.ID, certification.IssueRequest{Signatory: issueReq.Signatory, ApprovalNumber: " cnca-r-2026-999"})
	if footprint.ErrorCode(err) != footprint.ECONFLICT || footprint.ErrorField(err) != "approval_number" || !strings.Contains(footprint.ErrorMessage(err), orgCertifier) {
		t.Fatalf("issued under orgCertifier's number: %v, want ECONFLICT naming approval_number and %s", err, orgCertifier)
	}
	if org, _ := s.auth.FindOrganizationByName(ctx, body); org.ApprovalNumber != "" || s.auditCount(t) != before {
		t.Fatalf("refused, but %q recorded and %d events written", org.ApprovalNumber, s.auditCount(t)-before)
	}
	if _, err := s.certs.IssueCertificate(ctx, app.ID, certification.IssueRequest{Signatory: issueReq.Signatory, ApprovalNumber: "CNCA-R-2026-500"}); err != nil {
		t.Fatal(err)
	}
	o := access.Organization{Name: "Third Body", Role: access.RoleCertifier, ApprovalNumber: "cnca-r-2026-500"}
	if err := s.auth.CreateOrganization(ctx, &o); footprint.ErrorCode(err) != footprint.ECONFLICT || footprint.ErrorField(err) != "approval_number" {
		t.Fatalf("a number recorded at issue: %v, want ECONFLICT naming approval_number", err)
	}
}

// Ensure a certificate is numbered in the year of the issue date it prints
// (China time): issued at 01:00 on 1 January 2027 in Chengdu (17:00 UTC on
// 31 December 2026) it is CDPCF-2027-…, printed as issued on 2027-01-01,
// and valid until the end of 1 January 2029 in China, the date printed
// (forger red team: numbered in 2026, and expired at 01:00 on its printed
// last day).
func TestCertificationService_NumberAndExpiryInChinaTime(t *testing.T) {
	s := MustOpenWithOrgs(t)
	issued := time.Date(2026, 12, 31, 17, 0, 0, 0, time.UTC)
	s.db.Now = func() time.Time { return issued }
	c := s.MustIssue(t, demoSerial).Certificate()
	cst := time.FixedZone("CST", 8*3600)
	if !strings.HasPrefix(c.Number, "CDPCF-2027-") {
		t.Errorf("number %s of a certificate issued on %s in China", c.Number, c.IssuedAt.In(cst).Format(time.DateOnly))
	}
	if want := time.Date(2029, 1, 1, 23, 59, 59, 0, cst); !c.ExpiresAt.Equal(want) {
		t.Errorf("expires %s, want %s", c.ExpiresAt.In(cst), want)
	}
	if st := c.StatusAt(certification.CertificateValid, time.Date(2029, 1, 1, 23, 0, 0, 0, cst)); st != certification.CertificateValid {
		t.Errorf("on its last printed day: %s", st)
	}
}

// Ensure the issue transaction refuses an issue whose review's records
// changed after the review was read (red team 38, left open in session
// 29): the holder's other model of the same product, certified, is
// suspended between the API's check of the review's digest and the issue.
// Before, the review (its peers, stopped certificates, rejections, model
// and supplier certificates) was read outside the issue's transaction
// only, and the certificate was issued on a review that no longer held.
func TestRedteam38_IssueRefusedWhenTheReviewRecordsChanged(t *testing.T) {
	ctx, s := mustStart(t)
	peer := s.MustIssue(t, "GEC-RT38-A")
	app := s.MustApply(t, "GEC-RT38-B")
	st := s.mustFindStudy(t, app.StudyID)
	read, err := s.certs.FindReviewRecords(ctx, app, st)
	if err != nil {
		t.Fatal(err)
	}
	if len(read.Peers) != 1 || read.State == "" {
		t.Fatalf("review records: %d peers, state %q", len(read.Peers), read.State)
	}
	s.mustSetStatus(t, ctx, peer.Certificate().ID, certification.CertificateSuspended, "figure questioned")
	req := s.mustRefuseIssueOnState(t, app, read.State)
	now, err := s.certs.FindReviewRecords(ctx, app, st)
	if err != nil {
		t.Fatal(err)
	}
	if len(now.Stopped) != 1 || now.State == read.State {
		t.Fatalf("review records after the suspension: %d stopped, state %q (was %q)", len(now.Stopped), now.State, read.State)
	}
	req.ReviewState = now.State
	if _, err := s.certs.IssueCertificate(ctx, app.ID, req); err != nil {
		t.Fatal(err)
	}
}

// Ensure an application records the product and headline figure of its
// study when it is made, whatever the request says, and reads them back.
func TestCertificationService_CreateApplicationRecordsProduct(t *testing.T) {
	ctx, s := mustStart(t)
	st := s.MustCreateStudy(t, orgMaker, demoSerial)
	forged := certification.ApplicationProduct{Name: "forged", KgCO2e: 1}
	app := &certification.Application{StudyID: st.ID, Manufacturer: orgMaker, Certifier: orgCertifier, Product: forged}
	if err := s.certs.CreateApplication(ctx, app); err != nil {
		t.Fatal(err)
	}
	got := mustFindApplication(t, s, app.ID).Product
	want := certification.NewApplicationProduct(st)
	if got != want || got.Name != st.Product.Name || got.NameZH != st.Product.NameZH || got.Model != st.Product.Model ||
		got.KgCO2e != st.Result.KgCO2e || got.DeclaredUnit.Unit != st.Result.DeclaredUnit.Unit.Symbol || got.DeclaredUnit.LabelEN == "" {
		t.Fatalf("application product %+v, want the study's %+v", got, want)
	}
}

// Ensure an application (and an issue) of a study stored before one of
// its supplier certificates' records was edited under its signature names
// the real reason (red team 53). The calculation refuses such a supplier
// since red team 52, but a study stored before the edit reached the
// application, which was refused with "study … recalculates under engine
// … to … kgCO2e, not the stored …: store the study again": a message that
// sends the applicant to store the study again, not to the supplier whose
// record fails the service's signature check.
func TestRedteam53_ApplicationNamesTheSupplierFailingItsSignature(t *testing.T) {
	ctx, s := mustStart(t)
	sup := s.MustIssue(t, "GEC-RT53-SUP")
	st := s.MustCreateStudy(t, orgMaker2, "GEC-RT53-BUY", func(st *footprint.Study) {
		st.BOM = append(st.BOM, &footprint.BOMLine{Name: "supplied junction box", Quantity: 1, Unit: footprint.MustParseUnit("piece"), Stage: "A1", Supplier: sup.Certificate().Number})
	})
	// An application made before the edit, issued after it.
	before, err := s.apply(ctx, orgMaker2, st.ID, uuid.Nil)
	if err != nil {
		t.Fatal(err)
	}
	edited := lowerTenfold(sup.Certificate())
	editContentUnderSignature(t, s, sup, edited)
	_, err = s.certs.IssueCertificate(ctx, before.ID, issueReq)
	assertCode(t, err, footprint.ECONFLICT)
	if msg := footprint.ErrorMessage(err); footprint.ErrorField(err) != "suppliers" || !strings.Contains(msg, edited.Number) || !strings.Contains(msg, "签名未通过验证") {
		t.Errorf("issue: %s (field %q), want 409 naming suppliers and %s failing its signature check, in both languages", msg, footprint.ErrorField(err), edited.Number)
	}
	if _, err := s.certs.RejectApplication(ctx, before.ID, []string{"RT53 supplier record fails its signature"}); err != nil {
		t.Fatal(err)
	}
	_, err = s.apply(ctx, orgMaker2, st.ID, uuid.Nil)
	assertCode(t, err, footprint.ECONFLICT)
	msg := footprint.ErrorMessage(err)
	if !strings.Contains(msg, edited.Number) || !strings.Contains(msg, "签名未通过验证") || !strings.Contains(msg, "signature check") || strings.Contains(msg, "store the study again") {
		t.Errorf("application: %s, want the supplier certificate %s named as failing its signature check, in both languages", msg, edited.Number)
	}
	if f := footprint.ErrorField(err); !strings.HasPrefix(f, "bom[") || !strings.HasSuffix(f, ".supplier") {
		t.Errorf("application: field %q, want the BOM line naming the supplier", f)
	}
}

// Ensure one application gives at most one certificate when its issue is
// asked for at once by several callers (red team 56, concurrency): the
// application is read pending and marked issued in one write transaction.
// Held on the base; the test pins it.
func TestRedteam56_ConcurrentIssuesOneCertificate(t *testing.T) {
	ctx, s := mustStart(t)
	mustActiveKey(t, s.keys)
	app := s.MustApply(t, "RT56-RACE")
	const n = 8
	errs := make(chan error, n)
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			_, err := s.certs.IssueCertificate(ctx, app.ID, issueReq)
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	issued := 0
	for err := range errs {
		switch {
		case err == nil:
			issued++
		case footprint.ErrorCode(err) != footprint.ECONFLICT:
			t.Errorf("a concurrent issue: %v, want ECONFLICT", err)
		}
	}
	certs, _, err := s.certs.FindCertificates(ctx, certification.CertificateFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if issued != 1 || len(certs) != 1 {
		t.Errorf("%d issues succeeded, %d certificates stored; want one of each", issued, len(certs))
	}
}

// Ensure an issue racing the withdrawal of the certificate it supersedes
// never leaves a plainly valid certificate resting on a withdrawn one:
// either the withdrawal comes first and the issue is refused (the study
// has a withdrawn certificate), or the issue comes first and the
// withdrawal of the now superseded certificate flags its successor. Each
// order is run in turn, then both at once. Held on the base; the test pins
// it.
func TestRedteam56_IssueRacingWithdrawal(t *testing.T) {
	for i, order := range []string{"withdraw first", "issue first", "at once", "at once", "at once", "at once"} {
		ctx, s := mustStart(t)
		mustActiveKey(t, s.keys)
		old := s.MustIssue(t, fmt.Sprintf("RT56-RW-%d", i))
		app, err := s.apply(ctx, orgMaker, old.Certificate().StudyID, old.Certificate().ID)
		if err != nil {
			t.Fatal(err)
		}
		var issued *certification.CertificateRecord
		var issueErr, withdrawErr error
		issue := func() { issued, issueErr = s.certs.IssueCertificate(ctx, app.ID, issueReq) }
		withdraw := func() {
			_, withdrawErr = s.certs.SetCertificateStatus(ctx, old.Certificate().ID, certification.CertificateWithdrawn, "race")
		}
		switch order {
		case "withdraw first":
			withdraw()
			issue()
		case "issue first":
			issue()
			withdraw()
		default:
			var wg sync.WaitGroup
			wg.Go(issue)
			wg.Go(withdraw)
			wg.Wait()
		}
		if withdrawErr != nil {
			t.Fatalf("%s: withdrawal: %v", order, withdrawErr)
		}
		if issueErr != nil {
			if footprint.ErrorCode(issueErr) != footprint.ECONFLICT || order == "issue first" {
				t.Errorf("%s: issue: %v", order, issueErr)
			}
			continue
		}
		if order == "withdraw first" {
			t.Errorf("%s: a certificate was issued superseding a withdrawn one", order)
		}
		got, err := s.certs.FindCertificateByID(ctx, issued.Certificate().ID)
		if err != nil {
			t.Fatal(err)
		}
		flagged := slices.ContainsFunc(got.SupplierFlags, func(f certification.SupplierFlag) bool {
			return f.Predecessor && f.Certificate == old.Certificate().ID
		})
		if got.Status == certification.CertificateValid && !flagged {
			t.Errorf("%s: the successor of a withdrawn certificate is valid without a flag: %+v", order, got.SupplierFlags)
		}
	}
}

// Ensure two applications superseding one certificate, issued at once,
// give one successor: the other is refused naming supersedes, since the
// certificate is no longer its model's current one (red team 56,
// concurrency). Held on the base; the test pins it.
func TestRedteam56_TwoSupersessionsAtOnce(t *testing.T) {
	ctx, s := mustStart(t)
	mustActiveKey(t, s.keys)
	old := s.MustIssue(t, "RT56-SUP")
	same, err := s.apply(ctx, orgMaker, old.Certificate().StudyID, old.Certificate().ID)
	if err != nil {
		t.Fatal(err)
	}
	st := s.MustCreateStudy(t, orgMaker, "RT56-SUP-2", func(st *footprint.Study) { st.Product.Model = old.Certificate().Product.Model })
	other, err := s.apply(ctx, orgMaker, st.ID, old.Certificate().ID)
	if err != nil {
		t.Fatal(err)
	}
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for i, app := range []*certification.Application{same, other} {
		wg.Go(func() { _, errs[i] = s.certs.IssueCertificate(ctx, app.ID, issueReq) })
	}
	wg.Wait()
	issued := 0
	for _, err := range errs {
		switch {
		case err == nil:
			issued++
		case footprint.ErrorCode(err) != footprint.ECONFLICT || footprint.ErrorField(err) != "supersedes":
			t.Errorf("the other issue: %v, want ECONFLICT naming supersedes", err)
		}
	}
	got, err := s.certs.FindCertificateByID(ctx, old.Certificate().ID)
	if err != nil {
		t.Fatal(err)
	}
	if issued != 1 || got.Status != certification.CertificateSuperseded {
		t.Errorf("%d issues succeeded (%v), the old certificate %s; want one, superseded", issued, errs, got.Status)
	}
}

// Ensure a certifier's staff cannot record words or a forged form as its
// body's approval number at its first issue (red team 67): a body without
// a number on record had the one its request gave recorded for good and
// printed on every certificate it signs, "CNCA-R-2026-101  有效期至
// 2099-12-31" (reproduced on pcf serve: issued, CDPCF-2026-000001). Such a
// number, or one approved in a year to come, is refused, EINVALID naming approval_number, in both languages,
// nothing written; a number of a CNCA approval's form is recorded as
// before.
func TestRedteam67_ApprovalNumberRecordedAsWords(t *testing.T) {
	ctx := context.Background()
	const body = "Staff Recorded Body"
	s, app := mustApplyToNewCertifier(t, body, "GEC-RT67-AP1", " RT67")
	for _, given := range []string{
		"CNCA-R-2026-101  有效期至 2099-12-31",
		"CNCA-R-2026-1\u202e01",
		"CNCA-R-2026-101 (valid to 2099)",
		"TEST-1",
		"cnca-r-2026-101",
		"CNCA-R-2026-",
		"CNCA-R-2099-001", // approved in a year to come
	} {
		before := s.auditCount(t)
		_, err := s.certs.IssueCertificate(ctx, app.ID, certification.IssueRequest{Signatory: issueReq.Signatory, ApprovalNumber: given})
		assertInvalid(t, err, "approval_number")
		if msg := err.Error(); !strings.Contains(msg, "批准号") || !strings.Contains(msg, "approval number") {
			t.Errorf("%q: message %q is not in Chinese and English", given, msg)
		}
		if o, _ := s.auth.FindOrganizationByName(ctx, body); o.ApprovalNumber != "" || s.auditCount(t) != before {
			t.Fatalf("%q refused, and %q recorded, the trail %d → %d events", given, o.ApprovalNumber, before, s.auditCount(t))
		}
	}
	rec, err := s.certs.IssueCertificate(ctx, app.ID, certification.IssueRequest{Signatory: issueReq.Signatory, ApprovalNumber: " CNCA-RF-2026-07 "})
	if err != nil {
		t.Fatal(err)
	}
	if got := rec.Certificate().Certifier.ApprovalNumber; got != "CNCA-RF-2026-07" {
		t.Fatalf("printed %q", got)
	}
	if o, _ := s.auth.FindOrganizationByName(ctx, body); o.ApprovalNumber != "CNCA-RF-2026-07" || o.Role != access.RoleCertifier {
		t.Fatalf("on record %+v", o)
	}
}

// Ensure one GTIN has one current certificate across certification
// bodies (red team 67, reproduced on pcf serve): Demo Module Co. applied
// for its module as model "GT-100" with GTIN 06901234567892 to one body
// and, in parallel, as "NX-7" with the same GTIN and less production
// electricity to another; the first issued CDPCF-2026-000002 at 151.1
// kgCO2e, and the second, whose review then named nothing (the peer
// comparison warns from 10 % down), issued CDPCF-2026-000003 at 147.9:
// two valid certificates and labels of one trade item. The second issue
// is now refused, ECONFLICT naming supersedes and the standing
// certificate, in both languages, nothing written, the application
// pending; applied for again naming the certificate, it is issued and
// supersedes it. A suspended one stands too: the GTIN's new certificate
// waits for its certifier to reinstate or withdraw it.
func TestRedteam67_OneGTINTwoBodiesTwoFigures(t *testing.T) {
	ctx, s := mustStart(t)
	const other = "Other Certification Body"
	if err := s.auth.CreateOrganization(ctx, &access.Organization{Name: other, Role: access.RoleCertifier, ApprovalNumber: "CNCA-R-2026-998"}); err != nil {
		t.Fatal(err)
	}
	lessPower := func(st *footprint.Study) { st.Electricity[0].Quantity /= 2 }
	first := s.mustGTINStudy(t, orgMaker, "GEC-RT67-A", gtinA)
	renamed := s.MustCreateStudy(t, orgMaker, "GEC-RT67-B", func(st *footprint.Study) { st.Product.GTIN = gtinA }, lessPower)
	firstApp, err := s.apply(ctx, orgMaker, first.ID, uuid.Nil)
	if err != nil {
		t.Fatal(err)
	}
	elsewhere := &certification.Application{StudyID: renamed.ID, Manufacturer: orgMaker, Certifier: other}
	if err := s.certs.CreateApplication(ctx, elsewhere); err != nil {
		t.Fatal(err) // made while nothing stood: the review compares
	}
	standing, err := s.certs.IssueCertificate(ctx, firstApp.ID, issueReq)
	if err != nil {
		t.Fatal(err)
	}
	number := standing.Certificate().Number
	wantRefused := func(what string, app *certification.Application, statusZH string) {
		t.Helper()
		before := s.auditCount(t)
		_, err := s.certs.IssueCertificate(ctx, app.ID, issueReq)
		msg := footprint.ErrorMessage(err)
		if footprint.ErrorCode(err) != footprint.ECONFLICT || footprint.ErrorField(err) != "supersedes" || !strings.Contains(msg, number) ||
			!strings.Contains(msg, "同一 GTIN") || !strings.Contains(msg, ","+statusZH+")") || !strings.Contains(msg, "one GTIN is one trade item") {
			t.Fatalf("%s: %v, want ECONFLICT naming supersedes and %s in Chinese and English", what, err, number)
		}
		if got, _ := s.certs.FindApplicationByID(ctx, app.ID); got.Status != certification.ApplicationPending || s.auditCount(t) != before {
			t.Fatalf("%s: refused, and the application is %s, the trail %d → %d events", what, got.Status, before, s.auditCount(t))
		}
	}
	wantRefused("issued beside "+number+" by another body", elsewhere, "有效")
	if _, err := s.certs.RejectApplication(ctx, elsewhere.ID, []string{"apply naming " + number}); err != nil {
		t.Fatal(err)
	}

	// Suspended, it stands still: superseding it waits for its certifier.
	s.mustSetStatus(t, ctx, standing.Certificate().ID, certification.CertificateSuspended, "figure questioned")
	again := &certification.Application{StudyID: renamed.ID, Manufacturer: orgMaker, Certifier: other}
	if err := s.certs.CreateApplication(ctx, again); err != nil {
		t.Fatal(err)
	}
	wantRefused("issued beside suspended "+number, again, "暂停")
	if _, err := s.certs.RejectApplication(ctx, again.ID, []string{"suspended"}); err != nil {
		t.Fatal(err)
	}
	s.mustSetStatus(t, ctx, standing.Certificate().ID, certification.CertificateValid, "answered")

	// Named, it is superseded.
	named := &certification.Application{StudyID: renamed.ID, Manufacturer: orgMaker, Certifier: other, Supersedes: standing.Certificate().ID}
	next := s.mustIssueApp(t, named)
	if c := next.Certificate(); c.SupersedesNumber != number {
		t.Fatalf("issued %s superseding %q, want %s", c.Number, c.SupersedesNumber, number)
	}
	if old, err := s.certs.FindCertificateByID(ctx, standing.Certificate().ID); err != nil || old.Status != certification.CertificateSuperseded {
		t.Fatalf("%s after its successor: %v %v", number, old.Status, err)
	}
}

// BenchmarkIssueCertificate issues a certificate of a pending application
// of a new demo study (stored and applied for before the timer): one write
// transaction, with the checks of the study the issue runs before it
// (studyRecalculates: the engine, what the certificate would print).
func BenchmarkIssueCertificate(b *testing.B) {
	ctx := context.Background()
	s := MustOpenWithOrgs(b)
	i := 0
	for b.Loop() {
		b.StopTimer()
		app := s.MustApply(b, fmt.Sprintf("PCF-BENCH-ISSUE-%d", i))
		i++
		b.StartTimer()
		if _, err := s.certs.IssueCertificate(ctx, app.ID, issueReq); err != nil {
			b.Fatal(err)
		}
	}
}

// Ensure an application stored before applications recorded their product
// is read with its study's product, figure and declared unit, the same an
// application made now records: GET /v1/applications/{id} reads it here.
func TestFindApplicationByID_OlderRecordHasItsProduct(t *testing.T) {
	s := MustOpenWithOrgs(t)
	a := s.MustApply(t, "GEC-OLD-1")
	if a.Product == (certification.ApplicationProduct{}) {
		t.Fatal("a new application records no product")
	}
	if err := factordb.PutApplicationWithoutProduct(s.db, a.ID); err != nil {
		t.Fatal(err)
	}
	got, err := s.certs.FindApplicationByID(context.Background(), a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Product != a.Product {
		t.Errorf("older application read with product %+v, want its study's %+v", got.Product, a.Product)
	}
}

// Ensure an application stored before applications recorded their product
// is listed with its study's product too, as FindApplicationByID reads it
// (GET /v1/applications read each such study again, one at a time).
func TestFindApplications_OlderRecordHasItsProduct(t *testing.T) {
	s := MustOpenWithOrgs(t)
	a := s.MustApply(t, "GEC-OLD-2")
	if err := factordb.PutApplicationWithoutProduct(s.db, a.ID); err != nil {
		t.Fatal(err)
	}
	list, err := s.certs.FindApplications(context.Background(), certification.ApplicationFilter{StudyID: &a.StudyID})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].Product != a.Product {
		t.Fatalf("older application listed as %+v, want one with its study's product %+v", list, a.Product)
	}
}

// Ensure DB.Check compares the pending-application index with the
// applications: it is what refuses a second application of a study while
// one is pending, and a file with its entry removed or pointing elsewhere
// passed the check (pcf audit verify --db).
func TestCheck_PendingApplicationIndex(t *testing.T) {
	ctx, s := mustStart(t)
	st := s.MustCreateStudy(t, orgMaker, "PCF-PENDING-CHECK")
	app := &certification.Application{StudyID: st.ID, Manufacturer: orgMaker, Certifier: orgCertifier}
	if err := s.certs.CreateApplication(ctx, app); err != nil {
		t.Fatal(err)
	}
	mustRun(t, s.db, (*factordb.DB).Check)
	for _, tt := range []struct {
		name string
		id   uuid.UUID
	}{{"missing", uuid.Nil}, {"another application", uuid.New()}} {
		mustRun(t, s.db, func(db *factordb.DB) error { return factordb.SetPendingApplication(db, st.ID, tt.id) })
		if err := s.db.Check(); err == nil || !strings.Contains(err.Error(), "application_pending") {
			t.Errorf("%s: DB.Check of the corrupt pending-application index: %v, want it named", tt.name, err)
		}
		mustRun(t, s.db, func(db *factordb.DB) error { return factordb.SetPendingApplication(db, st.ID, app.ID) })
		mustRun(t, s.db, (*factordb.DB).Check)
	}
}
