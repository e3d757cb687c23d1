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
