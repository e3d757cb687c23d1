package factordb_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/chengdu-pcf/pcf/footprint"
)

// Organisations of the certification tests.
const (
	orgMaker     = "Demo Module Co."
	orgMaker2    = "Other Maker Ltd."
	orgCertifier = "Demo Certification Centre"
	orgRegulator = "Chengdu SAMR"
)

// MustCreateOrgs registers the test organisations.
func (s *services) MustCreateOrgs(tb testing.TB) {
	tb.Helper()
	for _, o := range []footprint.Organization{
		{Name: orgMaker, Role: footprint.RoleManufacturer, NameZH: "示例组件厂", Address: "Chengdu, Sichuan, China"},
		{Name: orgMaker2, Role: footprint.RoleManufacturer, Address: "Mianyang, Sichuan, China"},
		{Name: orgCertifier, Role: footprint.RoleCertifier, NameZH: "示例认证中心", ApprovalNumber: "CNCA-R-2026-999"},
		{Name: orgRegulator, Role: footprint.RoleRegulator},
	} {
		if err := s.auth.CreateOrganization(context.Background(), &o); err != nil {
			tb.Fatal(err)
		}
	}
}

// MustApply stores a demo study of orgMaker (claiming serial) and a pending
// application for it, addressed to orgCertifier.
func (s *services) MustApply(tb testing.TB, serial string) *footprint.Application {
	tb.Helper()
	st := s.MustCreateStudy(tb, orgMaker, serial)
	app := &footprint.Application{StudyID: st.ID, Manufacturer: orgMaker, Certifier: orgCertifier}
	if err := s.certs.CreateApplication(context.Background(), app); err != nil {
		tb.Fatal(err)
	}
	return app
}

// builder returns the certificate builder the API uses: the certificate is
// assembled from the study and the organisations (footprint.NewCertificate)
// and signed with the active key. Revision and supersedes are for
// reissues.
func (s *services) builder(tb testing.TB, studyID string, revision int, supersedes uuid.UUID) footprint.CertificateBuilder {
	tb.Helper()
	ctx := context.Background()
	st, err := s.studies.FindStudyByID(ctx, studyID)
	if err != nil {
		tb.Fatal(err)
	}
	holder, err := s.auth.FindOrganizationByName(ctx, st.Owner)
	if err != nil {
		tb.Fatal(err)
	}
	cert, err := s.auth.FindOrganizationByName(ctx, orgCertifier)
	if err != nil {
		tb.Fatal(err)
	}
	key, err := s.keys.ActiveSigningKey(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	in := footprint.CertificateInput{
		ID: uuid.New(), Revision: revision, Supersedes: supersedes, Study: st,
		Holder:    footprint.CertificateParty{NameZH: holder.NameZH, NameEN: holder.Name, Address: holder.Address},
		Certifier: footprint.CertificateCertifier{NameZH: cert.NameZH, NameEN: cert.Name, ApprovalNumber: cert.ApprovalNumber, Signatory: "Test Signatory"},
	}
	return func(number string, issuedAt time.Time) (*footprint.SignedCertificate, error) {
		in := in
		in.Number, in.IssuedAt = number, issuedAt
		c, err := footprint.NewCertificate(in)
		if err != nil {
			return nil, err
		}
		return footprint.SignCertificate(c, key)
	}
}

// MustIssue applies for and issues a certificate of a new demo study.
func (s *services) MustIssue(tb testing.TB, serial string) *footprint.CertificateRecord {
	tb.Helper()
	app := s.MustApply(tb, serial)
	rec, err := s.certs.IssueCertificate(context.Background(), app.ID, s.builder(tb, app.StudyID, 1, uuid.Nil))
	if err != nil {
		tb.Fatal(err)
	}
	return rec
}

// MustReissue reissues a certificate for the same study.
func (s *services) MustReissue(tb testing.TB, old *footprint.CertificateRecord) *footprint.CertificateRecord {
	tb.Helper()
	c := old.Certificate()
	rec, err := s.certs.ReissueCertificate(context.Background(), c.ID, s.builder(tb, c.StudyID, c.Revision+1, c.ID))
	if err != nil {
		tb.Fatal(err)
	}
	return rec
}

func uuidOf(s string) (uuid.UUID, bool) {
	u, err := uuid.Parse(s)
	return u, err == nil && u.Version() == 4 && u.String() == s
}

func mustFindCertificate(tb testing.TB, s *services, id uuid.UUID) *footprint.CertificateRecord {
	tb.Helper()
	rec, err := s.certs.FindCertificateByID(context.Background(), id)
	if err != nil {
		tb.Fatal(err)
	}
	return rec
}

func numbers(recs []*footprint.CertificateRecord) []string {
	out := make([]string, len(recs))
	for i, r := range recs {
		out[i] = r.Certificate().Number
	}
	return out
}

func TestCertificationService_CreateApplication(t *testing.T) {
	ctx := context.Background()

	t.Run("OK", func(t *testing.T) {
		// Ensure an application is stored pending, read back and audited.
		s := MustOpenServices(t)
		s.MustCreateOrgs(t)
		st := s.MustCreateStudy(t, orgMaker, demoSerial)
		app := &footprint.Application{StudyID: st.ID, Manufacturer: orgMaker, Certifier: orgCertifier, Status: footprint.ApplicationIssued}
		if err := s.certs.CreateApplication(ctx, app); err != nil {
			t.Fatal(err)
		}
		if app.ID.Version() != 4 || app.Status != footprint.ApplicationPending || app.CreatedAt.IsZero() {
			t.Fatalf("application %+v", app)
		}
		got, err := s.certs.FindApplicationByID(ctx, app.ID)
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(*got) != fmt.Sprint(*app) {
			t.Fatalf("read back %+v, want %+v", got, app)
		}
		subject := "application/" + app.ID.String()
		events, _, err := s.certs.FindAuditEvents(ctx, footprint.AuditFilter{Subject: &subject})
		if err != nil {
			t.Fatal(err)
		}
		if len(events) != 1 || events[0].Action != footprint.AuditApplicationCreate {
			t.Fatalf("events %+v", events)
		}
	})

	t.Run("Errors", func(t *testing.T) {
		// Ensure missing fields are EINVALID, an unknown certifier or an
		// organisation that is not one ENOTFOUND, and a second pending
		// application for a study ECONFLICT; none writes anything.
		s := MustOpenServices(t)
		s.MustCreateOrgs(t)
		st := s.MustCreateStudy(t, orgMaker, demoSerial)
		for _, tt := range []struct {
			app  footprint.Application
			code string
		}{
			{footprint.Application{Manufacturer: orgMaker, Certifier: orgCertifier}, footprint.EINVALID},
			{footprint.Application{StudyID: st.ID, Certifier: orgCertifier}, footprint.EINVALID},
			{footprint.Application{StudyID: st.ID, Manufacturer: orgMaker}, footprint.EINVALID},
			{footprint.Application{StudyID: st.ID, Manufacturer: orgMaker, Certifier: "Nobody"}, footprint.ENOTFOUND},
			{footprint.Application{StudyID: st.ID, Manufacturer: orgMaker, Certifier: orgRegulator}, footprint.ENOTFOUND},
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

		first := &footprint.Application{StudyID: st.ID, Manufacturer: orgMaker, Certifier: orgCertifier}
		if err := s.certs.CreateApplication(ctx, first); err != nil {
			t.Fatal(err)
		}
		again := &footprint.Application{StudyID: st.ID, Manufacturer: orgMaker, Certifier: orgCertifier}
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
		apps, err := s.certs.FindApplications(ctx, footprint.ApplicationFilter{})
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
	ctx := context.Background()
	s := MustOpenServices(t)
	s.MustCreateOrgs(t)
	a1 := s.MustApply(t, "GEC-1")
	a2 := s.MustApply(t, "GEC-2")
	a3 := s.MustApply(t, "GEC-3")
	if _, err := s.certs.RejectApplication(ctx, a2.ID, []string{"no"}); err != nil {
		t.Fatal(err)
	}
	pending, rejected := footprint.ApplicationPending, footprint.ApplicationRejected
	for _, tt := range []struct {
		filter footprint.ApplicationFilter
		want   []uuid.UUID
	}{
		{footprint.ApplicationFilter{}, []uuid.UUID{a1.ID, a2.ID, a3.ID}},
		{footprint.ApplicationFilter{Status: &pending}, []uuid.UUID{a1.ID, a3.ID}},
		{footprint.ApplicationFilter{Status: &rejected}, []uuid.UUID{a2.ID}},
		{footprint.ApplicationFilter{StudyID: &a3.StudyID}, []uuid.UUID{a3.ID}},
		{footprint.ApplicationFilter{Manufacturer: ptr(orgMaker), Certifier: ptr(orgCertifier)}, []uuid.UUID{a1.ID, a2.ID, a3.ID}},
		{footprint.ApplicationFilter{Manufacturer: ptr(orgMaker2)}, nil},
		{footprint.ApplicationFilter{Certifier: ptr("Other")}, nil},
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
	ctx := context.Background()
	s := MustOpenServices(t)
	s.MustCreateOrgs(t)
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
	if got.Status != footprint.ApplicationRejected || got.DecidedAt.IsZero() || len(got.Reasons) != 2 {
		t.Fatalf("application %+v", got)
	}
	read, err := s.certs.FindApplicationByID(ctx, app.ID)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(*read) != fmt.Sprint(*got) {
		t.Fatalf("read back %+v, want %+v", read, got)
	}
	_, err = s.certs.RejectApplication(ctx, app.ID, []string{"again"})
	assertCode(t, err, footprint.ECONFLICT)
	_, err = s.certs.IssueCertificate(ctx, app.ID, s.builder(t, app.StudyID, 1, uuid.Nil))
	assertCode(t, err, footprint.ECONFLICT)

	action := footprint.AuditApplicationReject
	events, _, err := s.certs.FindAuditEvents(ctx, footprint.AuditFilter{Action: &action})
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 1 || events[0].Detail != "transport data missing; no site evidence" {
		t.Fatalf("events %+v", events)
	}
}

func TestCertificationService_IssueCertificate(t *testing.T) {
	ctx := context.Background()

	t.Run("OK", func(t *testing.T) {
		// Ensure issuing stores a valid, verifiable certificate, decides
		// the application and is audited.
		s := MustOpenServices(t)
		s.MustCreateOrgs(t)
		app := s.MustApply(t, demoSerial)
		pctx := footprint.NewContextWithPrincipal(ctx, &footprint.Principal{Org: orgCertifier, Role: footprint.RoleCertifier, KeyID: "kc"})
		rec, err := s.certs.IssueCertificate(pctx, app.ID, s.builder(t, app.StudyID, 1, uuid.Nil))
		if err != nil {
			t.Fatal(err)
		}
		c := rec.Certificate()
		if got, want := c.Number, "CDPCF-2026-000001"; got != want {
			t.Fatalf("number %q, want %q", got, want)
		}
		if rec.Status != footprint.CertificateValid || rec.ApplicationID != app.ID || rec.Manufacturer != orgMaker || rec.Certifier != orgCertifier {
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
		if err := footprint.VerifyCertificate(got.Signed, keys); err != nil {
			t.Fatalf("stored certificate does not verify: %v", err)
		}
		if string(got.Signed.Content) != string(rec.Signed.Content) || got.Status != footprint.CertificateValid || !got.StatusChangedAt.Equal(c.IssuedAt) {
			t.Fatalf("read back %+v", got)
		}

		a, err := s.certs.FindApplicationByID(ctx, app.ID)
		if err != nil {
			t.Fatal(err)
		}
		if a.Status != footprint.ApplicationIssued || a.CertificateID != c.ID || !a.DecidedAt.Equal(c.IssuedAt) {
			t.Fatalf("application %+v", a)
		}
		subject := "certificate/" + c.ID.String()
		events, _, err := s.certs.FindAuditEvents(ctx, footprint.AuditFilter{Subject: &subject})
		if err != nil {
			t.Fatal(err)
		}
		if len(events) != 1 || events[0].Action != footprint.AuditCertificateIssue || events[0].Actor != orgCertifier || !strings.Contains(events[0].Detail, c.Number) {
			t.Fatalf("events %+v", events)
		}

		// Decided once.
		_, err = s.certs.IssueCertificate(ctx, app.ID, s.builder(t, app.StudyID, 1, uuid.Nil))
		assertCode(t, err, footprint.ECONFLICT)
		_, err = s.certs.IssueCertificate(ctx, uuid.New(), s.builder(t, app.StudyID, 1, uuid.Nil))
		assertCode(t, err, footprint.ENOTFOUND)
		_, err = s.certs.FindCertificateByID(ctx, uuid.New())
		assertCode(t, err, footprint.ENOTFOUND)
	})

	t.Run("NumberSequence", func(t *testing.T) {
		// Ensure numbers count up per year and start again at 1 in a new
		// year.
		s := MustOpenServices(t)
		s.MustCreateOrgs(t)
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
		s := MustOpenServices(t)
		s.MustCreateOrgs(t)
		const n = 6
		apps := make([]*footprint.Application, n)
		builders := make([]footprint.CertificateBuilder, n)
		for i := range apps {
			apps[i] = s.MustApply(t, fmt.Sprintf("GEC-C-%d", i))
			builders[i] = s.builder(t, apps[i].StudyID, 1, uuid.Nil)
		}
		var wg sync.WaitGroup
		errs := make([]error, n)
		for i := range apps {
			wg.Go(func() { _, errs[i] = s.certs.IssueCertificate(ctx, apps[i].ID, builders[i]) })
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			t.Fatal(err)
		}
		recs, _, err := s.certs.FindCertificates(ctx, footprint.CertificateFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for i := range n {
			want = append(want, fmt.Sprintf("CDPCF-2026-%06d", i+1))
		}
		if got := numbers(recs); !slices.Equal(got, want) {
			t.Fatalf("numbers %v, want %v", got, want)
		}
	})

	t.Run("Atomic", func(t *testing.T) {
		// Ensure a failing builder writes nothing: no certificate, no
		// number used, the application still pending, no audit event.
		s := MustOpenServices(t)
		s.MustCreateOrgs(t)
		app := s.MustApply(t, demoSerial)
		before := s.auditCount(t)
		boom := footprint.Errorf(footprint.EINVALID, "renderer cannot draw the product name")
		var gotNumber string
		_, err := s.certs.IssueCertificate(ctx, app.ID, func(number string, _ time.Time) (*footprint.SignedCertificate, error) {
			gotNumber = number
			return nil, boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("err=%v, want the builder's", err)
		}
		if gotNumber != "CDPCF-2026-000001" {
			t.Fatalf("builder got number %q", gotNumber)
		}

		// A builder that ignores the allocated number is refused too.
		good := s.builder(t, app.StudyID, 1, uuid.Nil)
		_, err = s.certs.IssueCertificate(ctx, app.ID, func(_ string, at time.Time) (*footprint.SignedCertificate, error) {
			return good("CDPCF-2026-000777", at)
		})
		assertCode(t, err, footprint.EINVALID)
		_, err = s.certs.IssueCertificate(ctx, app.ID, func(number string, at time.Time) (*footprint.SignedCertificate, error) {
			return good(number, at.Add(-time.Hour))
		})
		assertCode(t, err, footprint.EINVALID)

		a, err := s.certs.FindApplicationByID(ctx, app.ID)
		if err != nil {
			t.Fatal(err)
		}
		if a.Status != footprint.ApplicationPending || a.CertificateID != uuid.Nil {
			t.Fatalf("application %+v after failed issues", a)
		}
		if n := s.auditCount(t); n != before {
			t.Fatalf("%d audit events, want %d", n, before)
		}
		recs, _, err := s.certs.FindCertificates(ctx, footprint.CertificateFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != 0 {
			t.Fatalf("%d certificates stored", len(recs))
		}
		rec, err := s.certs.IssueCertificate(ctx, app.ID, good)
		if err != nil {
			t.Fatal(err)
		}
		if got := rec.Certificate().Number; got != "CDPCF-2026-000001" {
			t.Fatalf("number %q after failed issues, want the first", got)
		}
	})
}

func TestCertificationService_SetCertificateStatus(t *testing.T) {
	ctx := context.Background()
	s := MustOpenServices(t)
	s.MustCreateOrgs(t)
	serial := 0
	// inState returns a new certificate in the given recorded status.
	inState := func(st footprint.CertificateStatus) *footprint.CertificateRecord {
		serial++
		rec := s.MustIssue(t, fmt.Sprintf("GEC-T-%d", serial))
		id := rec.Certificate().ID
		switch st {
		case footprint.CertificateSuspended, footprint.CertificateWithdrawn:
			if _, err := s.certs.SetCertificateStatus(ctx, id, st, "setup"); err != nil {
				t.Fatal(err)
			}
		case footprint.CertificateSuperseded:
			s.MustReissue(t, rec)
		}
		return mustFindCertificate(t, s, id)
	}
	for _, from := range []footprint.CertificateStatus{footprint.CertificateValid, footprint.CertificateSuspended, footprint.CertificateWithdrawn, footprint.CertificateSuperseded} {
		for _, to := range footprint.CertificateStatuses {
			t.Run(string(from)+"To"+string(to), func(t *testing.T) {
				// Ensure exactly the transitions CertificateTransition
				// allows are made, each with its audit event; the others
				// are ECONFLICT and change nothing.
				rec := inState(from)
				id := rec.Certificate().ID
				action, allowed := footprint.CertificateTransition(from, to)
				before := s.auditCount(t)
				got, err := s.certs.SetCertificateStatus(ctx, id, to, "  reason given  ")
				after := mustFindCertificate(t, s, id)
				if allowed != nil {
					assertCode(t, err, footprint.ECONFLICT)
					if after.Status != from || s.auditCount(t) != before {
						t.Fatalf("refused transition changed status to %s", after.Status)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				if got.Status != to || after.Status != to || after.StatusReason != "reason given" || !after.StatusChangedAt.After(rec.StatusChangedAt) {
					t.Fatalf("record %+v", after)
				}
				subject := "certificate/" + id.String()
				events, _, err := s.certs.FindAuditEvents(ctx, footprint.AuditFilter{Subject: &subject, Limit: 1})
				if err != nil {
					t.Fatal(err)
				}
				if s.auditCount(t) != before+1 || events[0].Action != action || events[0].Detail != "reason given" {
					t.Fatalf("audit %+v", events[0])
				}
			})
		}
	}

	t.Run("Errors", func(t *testing.T) {
		// Ensure a missing reason is EINVALID and an unknown certificate
		// ENOTFOUND.
		rec := inState(footprint.CertificateValid)
		_, err := s.certs.SetCertificateStatus(ctx, rec.Certificate().ID, footprint.CertificateSuspended, " ")
		assertCode(t, err, footprint.EINVALID)
		_, err = s.certs.SetCertificateStatus(ctx, uuid.New(), footprint.CertificateSuspended, "x")
		assertCode(t, err, footprint.ENOTFOUND)
	})
}

func TestCertificationService_ReissueCertificate(t *testing.T) {
	ctx := context.Background()

	t.Run("OK", func(t *testing.T) {
		// Ensure a reissue stores a new valid certificate with the next
		// number and records the old one as superseded by it.
		s := MustOpenServices(t)
		s.MustCreateOrgs(t)
		old := s.MustIssue(t, demoSerial)
		oldID := old.Certificate().ID
		if _, err := s.certs.SetCertificateStatus(ctx, oldID, footprint.CertificateSuspended, "review"); err != nil {
			t.Fatal(err)
		}
		rec := s.MustReissue(t, old)
		c := rec.Certificate()
		if c.Number != "CDPCF-2026-000002" || c.Revision != 2 || c.Supersedes != oldID || rec.Status != footprint.CertificateValid {
			t.Fatalf("reissue %+v (%s)", c, rec.Status)
		}
		if rec.ApplicationID != old.ApplicationID || rec.Manufacturer != orgMaker || rec.Certifier != orgCertifier {
			t.Fatalf("record %+v", rec)
		}
		got := mustFindCertificate(t, s, oldID)
		if got.Status != footprint.CertificateSuperseded || got.SupersededBy != c.ID || !got.StatusChangedAt.Equal(c.IssuedAt) {
			t.Fatalf("old record %+v", got)
		}
		// The verifier sees it superseded even after it expired.
		if st := got.Certificate().StatusAt(got.Status, got.Certificate().ExpiresAt.AddDate(1, 0, 0)); st != footprint.CertificateSuperseded {
			t.Fatalf("status at expiry %s", st)
		}
		action := footprint.AuditCertificateReissue
		events, _, err := s.certs.FindAuditEvents(ctx, footprint.AuditFilter{Action: &action})
		if err != nil {
			t.Fatal(err)
		}
		if len(events) != 1 || events[0].Subject != "certificate/"+c.ID.String() || !strings.Contains(events[0].Detail, oldID.String()) {
			t.Fatalf("events %+v", events)
		}

		// Only valid or suspended certificates are reissued.
		_, err = s.certs.ReissueCertificate(ctx, oldID, s.builder(t, c.StudyID, 2, oldID))
		assertCode(t, err, footprint.ECONFLICT)
		if _, err := s.certs.SetCertificateStatus(ctx, c.ID, footprint.CertificateWithdrawn, "fraud"); err != nil {
			t.Fatal(err)
		}
		_, err = s.certs.ReissueCertificate(ctx, c.ID, s.builder(t, c.StudyID, 3, c.ID))
		assertCode(t, err, footprint.ECONFLICT)
		_, err = s.certs.ReissueCertificate(ctx, uuid.New(), s.builder(t, c.StudyID, 2, c.ID))
		assertCode(t, err, footprint.ENOTFOUND)
	})

	t.Run("ErrNotSuperseding", func(t *testing.T) {
		// Ensure a built certificate that does not supersede the old one
		// as required is refused and nothing changes.
		s := MustOpenServices(t)
		s.MustCreateOrgs(t)
		old := s.MustIssue(t, demoSerial)
		c := old.Certificate()
		before := s.auditCount(t)
		for _, build := range []footprint.CertificateBuilder{
			s.builder(t, c.StudyID, 3, c.ID),       // wrong revision
			s.builder(t, c.StudyID, 2, uuid.New()), // supersedes another
			s.builder(t, c.StudyID, 1, uuid.Nil),   // a first issue
		} {
			_, err := s.certs.ReissueCertificate(ctx, c.ID, build)
			assertCode(t, err, footprint.EINVALID)
		}
		if got := mustFindCertificate(t, s, c.ID); got.Status != footprint.CertificateValid || got.SupersededBy != uuid.Nil {
			t.Fatalf("old record %+v", got)
		}
		if n := s.auditCount(t); n != before {
			t.Fatalf("%d audit events, want %d", n, before)
		}
		if rec := s.MustReissue(t, old); rec.Certificate().Number != "CDPCF-2026-000002" {
			t.Fatalf("number %s after refused reissues", rec.Certificate().Number)
		}
	})
}

func TestCertificationService_FindCertificates(t *testing.T) {
	ctx := context.Background()
	s := MustOpenServices(t)
	s.MustCreateOrgs(t)
	c1 := s.MustIssue(t, "GEC-F-1") // valid
	c2 := s.MustIssue(t, "GEC-F-2") // suspended
	c3 := s.MustIssue(t, "GEC-F-3") // superseded by c4
	c4 := s.MustReissue(t, c3)
	if _, err := s.certs.SetCertificateStatus(ctx, c2.Certificate().ID, footprint.CertificateSuspended, "review"); err != nil {
		t.Fatal(err)
	}
	// A certificate of another manufacturer, which makes the product
	// itself.
	st := demoStudy(t, orgMaker2, "GEC-F-5")
	st.Product.Manufacturer = orgMaker2
	if _, err := s.studies.CreateStudy(ctx, st); err != nil {
		t.Fatal(err)
	}
	app := &footprint.Application{StudyID: st.ID, Manufacturer: orgMaker2, Certifier: orgCertifier}
	if err := s.certs.CreateApplication(ctx, app); err != nil {
		t.Fatal(err)
	}
	c5, err := s.certs.IssueCertificate(ctx, app.ID, s.builder(t, st.ID, 1, uuid.Nil))
	if err != nil {
		t.Fatal(err)
	}
	all := numbers([]*footprint.CertificateRecord{c1, c2, c3, c4, c5})
	expiry := c1.Certificate().ExpiresAt
	status := func(s footprint.CertificateStatus) *footprint.CertificateStatus { return &s }

	for _, tt := range []struct {
		name   string
		filter footprint.CertificateFilter
		want   []string
	}{
		{"All", footprint.CertificateFilter{}, all},
		{"ProductCodePrefix", footprint.CertificateFilter{ProductCode: ptr("8541")}, all},
		{"ProductCodeFull", footprint.CertificateFilter{ProductCode: ptr("854143")}, all},
		{"ProductCodeScheme", footprint.CertificateFilter{ProductCode: ptr("HS:85414")}, all},
		{"ProductCodeOther", footprint.CertificateFilter{ProductCode: ptr("8471")}, nil},
		{"ProductCodeLonger", footprint.CertificateFilter{ProductCode: ptr("8541430")}, nil},
		{"Manufacturer", footprint.CertificateFilter{Manufacturer: ptr(orgMaker2)}, all[4:]},
		{"CompanyExact", footprint.CertificateFilter{Company: ptr(orgMaker)}, all[:4]},
		{"CompanySubstring", footprint.CertificateFilter{Company: ptr("other maker")}, all[4:]},
		{"CompanyChinese", footprint.CertificateFilter{Company: ptr("示例组件")}, all[:4]},
		{"Certifier", footprint.CertificateFilter{Certifier: ptr(orgCertifier)}, all},
		{"CertifierOther", footprint.CertificateFilter{Certifier: ptr("Other")}, nil},
		{"Rule", footprint.CertificateFilter{Rule: ptr("pv-module")}, all},
		{"RuleOther", footprint.CertificateFilter{Rule: ptr("laptop")}, nil},
		{"StatusValid", footprint.CertificateFilter{Status: status(footprint.CertificateValid)}, []string{all[0], all[3], all[4]}},
		{"StatusSuspended", footprint.CertificateFilter{Status: status(footprint.CertificateSuspended)}, all[1:2]},
		{"StatusSuperseded", footprint.CertificateFilter{Status: status(footprint.CertificateSuperseded)}, all[2:3]},
		{"StatusExpiredRecorded", footprint.CertificateFilter{Status: status(footprint.CertificateExpired)}, nil},
		{"StatusValidBeforeExpiry", footprint.CertificateFilter{Status: status(footprint.CertificateValid), Now: expiry.Add(-time.Hour)}, []string{all[0], all[3], all[4]}},
		{"StatusExpiredDerived", footprint.CertificateFilter{Status: status(footprint.CertificateExpired), Now: expiry.AddDate(0, 1, 0)}, []string{all[0], all[1], all[3], all[4]}},
		{"StatusValidAfterExpiry", footprint.CertificateFilter{Status: status(footprint.CertificateValid), Now: expiry.AddDate(0, 1, 0)}, nil},
		{"StatusSupersededAfterExpiry", footprint.CertificateFilter{Status: status(footprint.CertificateSuperseded), Now: expiry.AddDate(0, 1, 0)}, all[2:3]},
		{"Combined", footprint.CertificateFilter{Company: ptr(orgMaker), Status: status(footprint.CertificateValid), ProductCode: ptr("8541")}, []string{all[0], all[3]}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			// Ensure the filter selects exactly the matching
			// certificates, by number.
			recs, next, err := s.certs.FindCertificates(ctx, tt.filter)
			if err != nil {
				t.Fatal(err)
			}
			if got := numbers(recs); !slices.Equal(got, tt.want) && (len(got) != 0 || len(tt.want) != 0) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			if next != "" {
				t.Fatalf("next cursor %q on a single page", next)
			}
		})
	}

	t.Run("Pagination", func(t *testing.T) {
		// Ensure pages follow each other by number, with a cursor until
		// the last page.
		for _, limit := range []int{1, 2, 3, 4, 5, 6} {
			var got []string
			cursor, pages := "", 0
			for {
				recs, next, err := s.certs.FindCertificates(ctx, footprint.CertificateFilter{Cursor: cursor, Limit: limit})
				if err != nil {
					t.Fatal(err)
				}
				if len(recs) > limit || len(recs) == 0 {
					t.Fatalf("limit %d: page of %d", limit, len(recs))
				}
				got = append(got, numbers(recs)...)
				pages++
				if next == "" {
					break
				}
				cursor = next
			}
			if !slices.Equal(got, all) || pages != (len(all)+limit-1)/limit {
				t.Fatalf("limit %d: %v in %d pages, want %v", limit, got, pages, all)
			}
		}
		// A filtered page: valid ones, two at a time.
		valid := footprint.CertificateValid
		recs, next, err := s.certs.FindCertificates(ctx, footprint.CertificateFilter{Status: &valid, Limit: 2})
		if err != nil {
			t.Fatal(err)
		}
		recs2, next2, err := s.certs.FindCertificates(ctx, footprint.CertificateFilter{Status: &valid, Limit: 2, Cursor: next})
		if err != nil {
			t.Fatal(err)
		}
		if got := append(numbers(recs), numbers(recs2)...); !slices.Equal(got, []string{all[0], all[3], all[4]}) || next2 != "" {
			t.Fatalf("valid pages %v (next %q)", got, next2)
		}
	})

	t.Run("Errors", func(t *testing.T) {
		// Ensure a malformed cursor or a negative limit is EINVALID.
		_, _, err := s.certs.FindCertificates(ctx, footprint.CertificateFilter{Cursor: "!!"})
		assertCode(t, err, footprint.EINVALID)
		_, _, err = s.certs.FindCertificates(ctx, footprint.CertificateFilter{Limit: -1})
		assertCode(t, err, footprint.EINVALID)
	})
}

func TestCertificationService_AuditEvents(t *testing.T) {
	ctx := context.Background()
	s := MustOpenServices(t)
	// Only the events made here: the seed set was audited too.
	keyCreate := footprint.AuditKeyCreate
	as := func(org string, role footprint.Role) context.Context {
		return footprint.NewContextWithPrincipal(ctx, &footprint.Principal{Org: org, Role: role, KeyID: "key-" + org})
	}
	// Ten events by two actors; RecordAuditEvent is the change-elsewhere
	// path (organisations, keys, factor sets).
	for i := range 10 {
		actx := as("admin", footprint.RoleAdmin)
		if i%2 == 1 {
			actx = ctx // system
		}
		if err := s.certs.RecordAuditEvent(actx, footprint.AuditKeyCreate, fmt.Sprintf("key/k%d", i), fmt.Sprintf("event %d", i)); err != nil {
			t.Fatal(err)
		}
	}
	detail := func(events []*footprint.AuditEvent) []string {
		out := make([]string, len(events))
		for i, e := range events {
			out[i] = e.Detail
		}
		return out
	}

	t.Run("NewestFirst", func(t *testing.T) {
		// Ensure events come newest first with their actor.
		events, next, err := s.certs.FindAuditEvents(ctx, footprint.AuditFilter{Action: &keyCreate})
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"event 9", "event 8", "event 7", "event 6", "event 5", "event 4", "event 3", "event 2", "event 1", "event 0"}
		if got := detail(events); !slices.Equal(got, want) || next != "" {
			t.Fatalf("got %v (next %q), want %v", got, next, want)
		}
		if e := events[1]; e.Actor != "admin" || e.Role != footprint.RoleAdmin || e.KeyID != "key-admin" || e.ID.Version() != 4 {
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
			events, next, err := s.certs.FindAuditEvents(ctx, footprint.AuditFilter{Action: &keyCreate, Cursor: cursor, Limit: 3})
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
		events, _, err := s.certs.FindAuditEvents(ctx, footprint.AuditFilter{Subject: ptr("key/k4")})
		if err != nil {
			t.Fatal(err)
		}
		if got := detail(events); !slices.Equal(got, []string{"event 4"}) {
			t.Fatalf("subject: %v", got)
		}
		events, next, err := s.certs.FindAuditEvents(ctx, footprint.AuditFilter{Actor: ptr("admin"), Limit: 2})
		if err != nil {
			t.Fatal(err)
		}
		events2, _, err := s.certs.FindAuditEvents(ctx, footprint.AuditFilter{Actor: ptr("admin"), Limit: 2, Cursor: next})
		if err != nil {
			t.Fatal(err)
		}
		if got := append(detail(events), detail(events2)...); !slices.Equal(got, []string{"event 8", "event 6", "event 4", "event 2"}) {
			t.Fatalf("actor pages: %v", got)
		}
		events, _, err = s.certs.FindAuditEvents(ctx, footprint.AuditFilter{Action: ptr("test.later")})
		if err != nil {
			t.Fatal(err)
		}
		if len(events) != 1 {
			t.Fatalf("action: %d events", len(events))
		}
		all, _, err := s.certs.FindAuditEvents(ctx, footprint.AuditFilter{Action: ptr(footprint.AuditKeyCreate)})
		if err != nil {
			t.Fatal(err)
		}
		since := all[2].At // event 7
		events, _, err = s.certs.FindAuditEvents(ctx, footprint.AuditFilter{Since: &since, Action: ptr(footprint.AuditKeyCreate)})
		if err != nil {
			t.Fatal(err)
		}
		if got := detail(events); !slices.Equal(got, []string{"event 9", "event 8", "event 7"}) {
			t.Fatalf("since: %v", got)
		}
	})

	t.Run("Errors", func(t *testing.T) {
		// Ensure a bad cursor, a negative limit, or an event without an
		// action or subject is EINVALID.
		for _, cursor := range []string{"!!", "AAAA"} {
			_, _, err := s.certs.FindAuditEvents(ctx, footprint.AuditFilter{Cursor: cursor})
			assertCode(t, err, footprint.EINVALID)
		}
		_, _, err := s.certs.FindAuditEvents(ctx, footprint.AuditFilter{Limit: -1})
		assertCode(t, err, footprint.EINVALID)
		assertCode(t, s.certs.RecordAuditEvent(ctx, " ", "x/1", ""), footprint.EINVALID)
		assertCode(t, s.certs.RecordAuditEvent(ctx, "x.y", "", ""), footprint.EINVALID)
	})
}

func TestCertificationService_FindSupplierFootprints(t *testing.T) {
	ctx := context.Background()
	s := MustOpenServices(t)
	s.MustCreateOrgs(t)
	rec := s.MustIssue(t, demoSerial)
	c := rec.Certificate()

	t.Run("OK", func(t *testing.T) {
		// Ensure a valid certificate gives the footprint it states, by ID
		// or by number.
		m, err := s.certs.FindSupplierFootprints(ctx, []string{c.ID.String(), c.Number, c.ID.String()})
		if err != nil {
			t.Fatal(err)
		}
		if len(m) != 2 {
			t.Fatalf("%d footprints, want 2", len(m))
		}
		for _, id := range []string{c.ID.String(), c.Number} {
			sp := m[id]
			switch {
			case sp == nil:
				t.Fatalf("no footprint for %s", id)
			case sp.ID != id, sp.KgCO2e != c.KgCO2e/c.DeclaredUnit.Amount, sp.DeclaredUnit.Symbol != c.DeclaredUnit.Unit,
				sp.Boundary != c.Boundary, sp.FactorSet != c.FactorSet, !sp.IssuedAt.Equal(c.IssuedAt), !sp.ValidUntil.Equal(c.ExpiresAt),
				sp.Supplier == "", !strings.Contains(sp.Product, c.Product.Model), !strings.Contains(sp.Source, c.Number):
				t.Fatalf("footprint %+v of certificate %+v", sp, c)
			}
		}
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		// Ensure an unknown ID or number is ENOTFOUND naming it.
		_, err := s.certs.FindSupplierFootprints(ctx, []string{c.ID.String(), "CDPCF-2026-000099"})
		assertCode(t, err, footprint.ENOTFOUND)
		if !strings.Contains(footprint.ErrorMessage(err), "CDPCF-2026-000099") {
			t.Fatalf("message %q", footprint.ErrorMessage(err))
		}
		_, err = s.certs.FindSupplierFootprints(ctx, []string{uuid.NewString()})
		assertCode(t, err, footprint.ENOTFOUND)
	})

	t.Run("ErrNotValid", func(t *testing.T) {
		// Ensure a suspended or expired certificate is not usable.
		if _, err := s.certs.SetCertificateStatus(ctx, c.ID, footprint.CertificateSuspended, "review"); err != nil {
			t.Fatal(err)
		}
		_, err := s.certs.FindSupplierFootprints(ctx, []string{c.ID.String()})
		assertCode(t, err, footprint.EINVALID)
		if _, err := s.certs.SetCertificateStatus(ctx, c.ID, footprint.CertificateValid, "review passed"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.certs.FindSupplierFootprints(ctx, []string{c.ID.String()}); err != nil {
			t.Fatal(err)
		}
		now := c.ExpiresAt
		s.db.Now = func() time.Time { now = now.Add(time.Second); return now }
		_, err = s.certs.FindSupplierFootprints(ctx, []string{c.ID.String()})
		assertCode(t, err, footprint.EINVALID)
		if !strings.Contains(footprint.ErrorMessage(err), "expired") {
			t.Fatalf("message %q", footprint.ErrorMessage(err))
		}
	})
}

// Ensure a certificate signed with a key that was rotated out between
// reading the key and issuing is refused with ErrSigningKeyRotated and
// nothing is written, so a verifier never meets a certificate issued after
// its key's retirement; built again with the new key, it issues.
func TestCertificationService_IssueCertificate_ErrSigningKeyRotated(t *testing.T) {
	s := MustOpenServices(t)
	s.MustCreateOrgs(t)
	ctx := context.Background()
	app := s.MustApply(t, "GEC-ROTATE-1")
	stale := s.builder(t, app.StudyID, 1, uuid.Nil) // holds the key active now
	if _, err := s.keys.RotateSigningKey(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := s.certs.IssueCertificate(ctx, app.ID, stale); !errors.Is(err, footprint.ErrSigningKeyRotated) {
		t.Fatalf("err=%v, want ErrSigningKeyRotated", err)
	}
	if got, err := s.certs.FindApplicationByID(ctx, app.ID); err != nil || got.Status != footprint.ApplicationPending {
		t.Fatalf("application after the refused issue: %+v %v", got, err)
	}
	rec, err := s.certs.IssueCertificate(ctx, app.ID, s.builder(t, app.StudyID, 1, uuid.Nil))
	if err != nil {
		t.Fatal(err)
	}
	keys, err := s.keys.PublicKeys(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := footprint.VerifyCertificate(rec.Signed, keys); err != nil {
		t.Fatalf("issued certificate: %v", err)
	}
}
