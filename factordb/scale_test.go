package factordb_test

import (
	"context"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

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
	ctx := context.Background()
	s := MustOpenWithOrgs(t)
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
	if err := factordb.DropPendingApplications(s.db); err != nil {
		t.Fatal(err)
	}
	if got, _ := factordb.PendingApplicationIndex(s.db); len(got) != 0 {
		t.Fatalf("index not dropped: %v", got)
	}
	if err := factordb.Init(s.db); err != nil {
		t.Fatal(err)
	}
	s.assertPendingIndex(t)
	if err := s.certs.CreateApplication(ctx, dup); footprint.ErrorCode(err) != footprint.ECONFLICT {
		t.Fatalf("second pending application after rebuild: %v, want ECONFLICT", err)
	}
}

// BenchmarkCreateApplication creates a pending application and rejects it
// (so that the study can apply again), in a database holding n decided
// applications written by the fast loader. Issue 14 item 3: the cost must
// not grow with n.
func BenchmarkCreateApplication(b *testing.B) {
	for _, n := range scaleSizes() {
		b.Run(fmt.Sprintf("applications=%d", n), func(b *testing.B) {
			ctx := context.Background()
			s := MustOpenWithOrgs(b)
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

// The access token indexes (by expiry, by key) hold exactly the stored
// tokens after issues, pruning and revocation; pruning keeps exactly the
// tokens a scan keeps (not expired for ExpiredTokenRetention); a database
// written before the indexes existed gets them at Open.
func TestAuthService_AccessTokenIndexes(t *testing.T) {
	ctx := context.Background()
	db, auth := mustOpenAuth(t)
	tok1, key1 := MustCreateKey(t, auth, "Partner Co.", access.RoleRegulator)
	tok2, key2 := MustCreateKey(t, auth, "Other Partner Co.", access.RoleRegulator)
	check := func() map[string]string {
		t.Helper()
		if err := factordb.CheckAccessTokenIndexes(db); err != nil {
			t.Fatal(err)
		}
		stored, err := factordb.AccessTokenExpiries(db)
		if err != nil {
			t.Fatal(err)
		}
		return stored
	}
	start := db.Now()
	for i, ttl := range []time.Duration{time.Minute, time.Hour, 3 * time.Hour, 48 * time.Hour} {
		for _, c := range [][2]string{{key1.ID, tok1}, {key2.ID, tok2}} {
			if _, _, err := auth.IssueAccessToken(ctx, c[0], c[1], ttl+time.Duration(i)*time.Second); err != nil {
				t.Fatal(err)
			}
		}
	}
	if got := len(check()); got != 8 {
		t.Fatalf("%d tokens stored, want 8", got)
	}

	// Issuing a day and two hours later prunes the tokens expired for
	// more than ExpiredTokenRetention (the 1-minute and 1-hour ones) and
	// nothing else.
	restoreNow(t, db)
	later := start.Add(factordb.ExpiredTokenRetention + 2*time.Hour)
	db.Now = func() time.Time { return later }
	before := check()
	if _, _, err := auth.IssueAccessToken(ctx, key1.ID, tok1, time.Hour); err != nil {
		t.Fatal(err)
	}
	after := check()
	kept := 0
	for sum, v := range before {
		var id, exp string
		fmt.Sscan(v, &id, &exp)
		expires, err := time.Parse(time.RFC3339Nano, exp)
		if err != nil {
			t.Fatal(err)
		}
		_, ok := after[sum]
		if want := later.Before(expires.Add(factordb.ExpiredTokenRetention)); ok != want {
			t.Fatalf("token expiring %v: kept %v, want %v", expires, ok, want)
		}
		if ok {
			kept++
		}
	}
	if kept != 4 || len(after) != 5 {
		t.Fatalf("kept %d of the old tokens (want 4), %d stored (want 5)", kept, len(after))
	}

	// Revoking a key deletes its tokens and only those.
	if err := auth.RevokeAPIKey(ctx, key2.ID); err != nil {
		t.Fatal(err)
	}
	for sum, v := range check() {
		var id string
		fmt.Sscan(v, &id)
		if id != key1.ID {
			t.Fatalf("token %s of revoked key %s still stored", sum, id)
		}
		delete(after, sum)
	}
	if len(after) != 2 { // key2's 3-hour and 48-hour tokens
		t.Fatalf("revocation deleted %d tokens, want 2", len(after))
	}

	// An existing database without the indexes gets them at Open.
	if err := factordb.DropAccessTokenIndexes(db); err != nil {
		t.Fatal(err)
	}
	if err := factordb.CheckAccessTokenIndexes(db); err == nil {
		t.Fatal("indexes not dropped")
	}
	if err := factordb.Init(db); err != nil {
		t.Fatal(err)
	}
	check()
}

// BenchmarkIssueAccessToken issues an access token (client credentials)
// in a database holding n unexpired tokens written by the fast loader.
// Issue 14 item 3: the cost must not grow with n.
func BenchmarkIssueAccessToken(b *testing.B) {
	for _, n := range scaleSizes() {
		b.Run(fmt.Sprintf("tokens=%d", n), func(b *testing.B) {
			ctx := context.Background()
			db, auth := mustOpenAuth(b)
			tok, key := MustCreateKey(b, auth, "Partner Co.", access.RoleRegulator)
			if err := factordb.LoadAccessTokens(db, n, key.ID, db.Now().Add(365*24*time.Hour)); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if _, _, err := auth.IssueAccessToken(ctx, key.ID, tok, time.Hour); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// listNumbers walks every page of FindCertificates (or the scan) with
// a small limit and returns the numbers in order, with the cursors.
func listNumbers(tb testing.TB, find func(context.Context, certification.CertificateFilter) ([]*certification.CertificateRecord, string, error), f certification.CertificateFilter) []string {
	tb.Helper()
	f.Limit = 2
	return listPages(tb, func(cursor string) ([]*certification.CertificateRecord, string, error) {
		f.Cursor = cursor
		return find(context.Background(), f)
	}, func(r *certification.CertificateRecord) string { return r.Certificate().Number })
}

// listPages walks every page that page returns for a cursor, from the
// first, and returns key of each item in order, with the cursors
// ("next=…"). It fails after 100 pages.
func listPages[T any](tb testing.TB, page func(cursor string) ([]T, string, error), key func(T) string) []string {
	tb.Helper()
	var out []string
	cursor := ""
	for range 100 {
		items, next, err := page(cursor)
		if err != nil {
			tb.Fatal(err)
		}
		for _, x := range items {
			out = append(out, key(x))
		}
		out = append(out, "next="+next)
		if next == "" {
			return out
		}
		cursor = next
	}
	tb.Fatal("more than 100 pages")
	return nil
}

// FindCertificates by product code (prefix or exact, with or without a
// scheme), owner and status, alone and combined, answers from the indexes
// exactly what a scan of every certificate answers, page by page, after
// issues, status changes and supersession; a database written before the
// indexes existed gets them at Open.
func TestCertificationService_CertificateFilterIndexes(t *testing.T) {
	ctx := context.Background()
	s := MustOpenWithOrgs(t)
	// Every code is a PV module's (the pv-module rule covers HS:854143):
	// national eight-digit extensions give the prefixes to tell apart.
	codes := [][]string{{"HS:854143"}, {"HS:85414310"}, {"HS:85414390"}, {"HS:854143", "HS:85414390"}, {"HS:854143"}, {"HS:85414310"}, {"HS:854143"}, {"HS:85414390"}}
	var recs []*certification.CertificateRecord
	for i, cs := range codes {
		owner := []string{orgMaker, orgMaker2}[i%2]
		st := demoStudy(t, owner, fmt.Sprintf("PCF-CIDX-%03d", i))
		st.Product.ProductCodes = nil
		for _, c := range cs {
			pc, err := footprint.ParseProductCode(c)
			if err != nil {
				t.Fatal(err)
			}
			st.Product.ProductCodes = append(st.Product.ProductCodes, pc)
		}
		if _, err := s.studies.CreateStudy(ctx, st); err != nil {
			t.Fatal(err)
		}
		rec := s.mustIssueStudy(t, st.ID, owner)
		recs = append(recs, rec)
	}
	str := func(v string) *string { return &v }
	stp := func(v certification.CertificateStatus) *certification.CertificateStatus { return &v }
	far := fixedNow.AddDate(50, 0, 0)
	filters := []certification.CertificateFilter{
		{},
		{ProductCode: str("8541")},
		{ProductCode: str("854143")},
		{ProductCode: str("854143"), ProductCodeExact: true},
		{ProductCode: str("85414310")},
		{ProductCode: str("8541"), ProductCodeExact: true},
		{ProductCode: str("HS:85")},
		{ProductCode: str("CPC:85")},
		{ProductCode: str("999999")},
		{Manufacturer: str(orgMaker)},
		{Manufacturer: str(orgMaker2), ProductCode: str("8541439")},
		{Manufacturer: str("Nobody")},
		{Company: str(orgMaker), ProductCode: str("8541")},
		{Status: stp(certification.CertificateValid)},
		{Status: stp(certification.CertificateSuspended)},
		{Status: stp(certification.CertificateWithdrawn)},
		{Status: stp(certification.CertificateSuperseded), Manufacturer: str(orgMaker)},
		{Status: stp(certification.CertificateExpired)},
		{Status: stp(certification.CertificateExpired), Now: far},
		{Status: stp(certification.CertificateValid), Now: far},
		{Status: stp(certification.CertificateSuspended), Now: far, ProductCode: str("85")},
		{Status: stp("bogus")},
		{Rule: str("pv-module")},
		{Rule: str("laptop")},
		{Rule: str("pv-module"), Status: stp(certification.CertificateValid), Manufacturer: str(orgMaker2)},
		{Company: str("示例")},
		{Company: str("module co")},
		{Company: str("MAKER")},
		{Company: str(orgMaker2)},
		{Company: str("o")},
		{Company: str("Nobody")},
		{Company: str("maker"), Status: stp(certification.CertificateSuspended)},
		{Company: str("maker"), Rule: str("pv-module"), ProductCode: str("85")},
	}
	compare := func(stage string) {
		t.Helper()
		if err := factordb.CheckCertificateIndexes(s.db); err != nil {
			t.Fatalf("%s: %v", stage, err)
		}
		for _, f := range filters {
			got := listNumbers(t, s.certs.FindCertificates, f)
			want := listNumbers(t, s.certs.FindCertificatesScan, f)
			if !slices.Equal(got, want) {
				t.Fatalf("%s: filter %+v: indexed %v, scan %v", stage, f, got, want)
			}
		}
	}
	compare("issued")
	if got := listNumbers(t, s.certs.FindCertificates, certification.CertificateFilter{ProductCode: str("854143"), ProductCodeExact: true}); len(got) != 4+2 { // 4 numbers, 2 cursors (2 pages of 2)
		t.Fatalf("exact 854143: %v, want 4 certificates", got)
	}

	// Status changes and supersession move certificates between statuses.
	if _, err := s.certs.SetCertificateStatus(ctx, recs[0].Certificate().ID, certification.CertificateSuspended, "audit pending"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.certs.SetCertificateStatus(ctx, recs[1].Certificate().ID, certification.CertificateWithdrawn, "fraud"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.certs.SetCertificateStatus(ctx, recs[2].Certificate().ID, certification.CertificateSuspended, "audit pending"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.certs.SetCertificateStatus(ctx, recs[2].Certificate().ID, certification.CertificateValid, "audit passed"); err != nil {
		t.Fatal(err)
	}
	s.MustSupersede(t, recs[4])
	compare("after status changes")
	for _, st := range []certification.CertificateStatus{certification.CertificateSuspended, certification.CertificateWithdrawn, certification.CertificateSuperseded} {
		if got := listNumbers(t, s.certs.FindCertificates, certification.CertificateFilter{Status: stp(st)}); len(got) != 2 {
			t.Fatalf("status %s: %v, want one certificate", st, got)
		}
	}

	// An existing database without the indexes gets them at Open.
	if err := factordb.DropCertificateFilterIndexes(s.db); err != nil {
		t.Fatal(err)
	}
	if got := listNumbers(t, s.certs.FindCertificates, certification.CertificateFilter{ProductCode: str("8541")}); len(got) != 1 {
		t.Fatalf("indexes not dropped: %v", got)
	}
	if err := factordb.Init(s.db); err != nil {
		t.Fatal(err)
	}
	compare("rebuilt at Open")
}

// scaleSizes are the store sizes of the scale benchmarks: 1,000 and
// 100,000, or only 1,000 with -short (CI runs every benchmark once, to
// keep them working; loading 100,000 records takes minutes).
func scaleSizes() []int {
	if testing.Short() {
		return []int{1_000}
	}
	return []int{1_000, 100_000}
}

// BenchmarkFindCertificates lists certificates by a rare product code
// (exact HS:854143, one certificate) and by an absent one, in a database
// holding n copies of a real certificate with other product codes, written
// by the fast loader. Issue 14 item 3: the cost must not grow with n.
func BenchmarkFindCertificates(b *testing.B) {
	for _, n := range scaleSizes() {
		s := MustOpenWithOrgs(b)
		rec := s.MustIssue(b, "PCF-BENCH-001")
		if err := factordb.LoadCertificateCopies(s.db, n, rec.Certificate().ID); err != nil {
			b.Fatal(err)
		}
		for _, q := range []struct {
			name, code string
			want       int
		}{{"rare", "HS:854143", 1}, {"absent", "999999", 0}} {
			b.Run(fmt.Sprintf("code=%s/certificates=%d", q.name, n), func(b *testing.B) {
				s.benchFindCertificates(b, certification.CertificateFilter{ProductCode: &q.code, ProductCodeExact: true, Limit: 50}, q.want)
			})
		}
	}
}

// benchFindCertificates times FindCertificates with f, failing unless it
// finds want certificates.
func (s *services) benchFindCertificates(b *testing.B, f certification.CertificateFilter, want int) {
	ctx := context.Background()
	for b.Loop() {
		page, _, err := s.certs.FindCertificates(ctx, f)
		if err != nil {
			b.Fatal(err)
		}
		if len(page) != want {
			b.Fatalf("%d certificates, want %d", len(page), want)
		}
	}
}

// PublicKeys answers from its cache only while the keys are unchanged: the
// first key, created after an empty answer, and each rotation show at once,
// and a cached answer is a copy the caller may change.
func TestKeyService_PublicKeysCache(t *testing.T) {
	ctx := context.Background()
	s := MustOpenServices(t)
	pctx := access.NewContextWithPrincipal(ctx, &access.Principal{Org: "Operator", Role: access.RoleAdmin, KeyID: "ka"})
	list := func() []certification.PublicKey {
		t.Helper()
		keys, err := s.keys.PublicKeys(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return keys
	}
	if got := list(); len(got) != 0 {
		t.Fatalf("%d keys before the first", len(got))
	}
	first, err := s.keys.ActiveSigningKey(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := list(); len(got) != 1 || got[0].ID != first.ID || !got[0].Retired.IsZero() {
		t.Fatalf("after the first key: %+v", got)
	}
	ids := []string{first.ID}
	for range 3 {
		got := list() // cached
		got[0].ID = "changed by the caller"
		k, err := s.keys.RotateSigningKey(pctx)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, k.ID)
		got = list()
		if len(got) != len(ids) {
			t.Fatalf("after rotation: %d keys, want %d", len(got), len(ids))
		}
		for i, pk := range got {
			if pk.ID != ids[i] || pk.Retired.IsZero() != (i == len(ids)-1) {
				t.Fatalf("after rotation: key %d is %s (retired %v), want %s, only the last active", i, pk.ID, pk.Retired, ids[i])
			}
		}
	}
}

// BenchmarkPublicKeys lists the public keys (what every verification
// reads) with 1 and 10 keys. Issue 14 item 3: a cached answer costs no
// key derivation.
func BenchmarkPublicKeys(b *testing.B) {
	for _, n := range []int{1, 10} {
		b.Run(fmt.Sprintf("keys=%d", n), func(b *testing.B) {
			ctx := context.Background()
			s := MustOpenServices(b)
			pctx := access.NewContextWithPrincipal(ctx, &access.Principal{Org: "Operator", Role: access.RoleAdmin, KeyID: "ka"})
			for range n {
				if _, err := s.keys.RotateSigningKey(pctx); err != nil {
					b.Fatal(err)
				}
			}
			for b.Loop() {
				keys, err := s.keys.PublicKeys(ctx)
				if err != nil {
					b.Fatal(err)
				}
				if len(keys) != n {
					b.Fatalf("%d keys, want %d", len(keys), n)
				}
			}
		})
	}
}

// FindApplications by certifier, manufacturer, status and study, alone and
// combined, answers from the filter index exactly what a scan of every
// application answers, after creates, rejections and issues; the index
// holds no entry under an old status; a database written before it existed
// gets it at Open.
func TestCertificationService_ApplicationFilterIndex(t *testing.T) {
	ctx := context.Background()
	s := MustOpenWithOrgs(t)
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
	compare := func(stage string) {
		t.Helper()
		if err := factordb.CheckApplicationFilterIndex(s.db); err != nil {
			t.Fatalf("%s: %v", stage, err)
		}
		for _, f := range filters {
			got, err := s.certs.FindApplications(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			want, err := s.certs.FindApplicationsScan(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(ids(got), ids(want)) {
				t.Fatalf("%s: filter %+v: indexed %v, scan %v", stage, f, ids(got), ids(want))
			}
		}
	}
	compare("decided")
	if got, err := s.certs.FindApplications(ctx, certification.ApplicationFilter{Status: stp(certification.ApplicationPending)}); err != nil || len(got) != 5 {
		t.Fatalf("pending: %d (%v), want 5", len(got), err)
	}

	if err := factordb.DropApplicationFilterIndex(s.db); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.certs.FindApplications(ctx, certification.ApplicationFilter{Certifier: str(orgCertifier)}); len(got) != 0 {
		t.Fatalf("index not dropped: %d", len(got))
	}
	if err := factordb.Init(s.db); err != nil {
		t.Fatal(err)
	}
	compare("rebuilt at Open")
}

// FindAuditEvents by subject, actor or action, alone and combined with the
// others and Since, answers from the audit index exactly what reading the
// trail answers, page by page; a database written before the index existed
// gets it at Open.
func TestCertificationService_AuditIndex(t *testing.T) {
	ctx := context.Background()
	s := MustOpenWithOrgs(t)
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
	if err := factordb.DropAuditIndex(s.db); err != nil {
		t.Fatal(err)
	}
	if got := list(s.certs.FindAuditEvents, access.AuditFilter{Actor: str("Beta")}); len(got) != 1 {
		t.Fatalf("index not dropped: %v", got)
	}
	if err := factordb.Init(s.db); err != nil {
		t.Fatal(err)
	}
	compare("rebuilt at Open")
}

// FindProducts of one owner reads the owner's models and answers exactly
// what reading every product answers, with code filters and pages.
func TestProductService_FindProductsByOwner(t *testing.T) {
	ctx := context.Background()
	svc := factordb.NewProductService(MustOpenDB(t))
	for i, owner := range []string{"A", "AB", "A", "B", "A", "AB", "A"} {
		codes := []string{"HS:854143"}
		if i%2 == 1 {
			codes = []string{"HS:850440", "CPC:4621"}
		}
		if err := svc.CreateProduct(ctx, newProduct(t, owner, fmt.Sprintf("M%d", i), codes...)); err != nil {
			t.Fatal(err)
		}
	}
	str := func(v string) *string { return &v }
	for _, f := range []footprint.ProductFilter{
		{Owner: str("A")},
		{Owner: str("AB")},
		{Owner: str("A"), ProductCode: str("8541")},
		{Owner: str("AB"), ProductCode: str("HS:850440"), ProductCodeExact: true},
		{Owner: str("A"), Offset: 1, Limit: 2},
		{Owner: str("Nobody")},
		{},
	} {
		got, gotTotal, err := svc.FindProducts(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		want, wantTotal, err := svc.FindProductsScan(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if gotTotal != wantTotal || !reflect.DeepEqual(got, want) {
			t.Fatalf("filter %+v: %d products (total %d), scan %d (total %d)", f, len(got), gotTotal, len(want), wantTotal)
		}
	}
	if _, total, _ := svc.FindProducts(ctx, footprint.ProductFilter{Owner: str("A")}); total != 4 {
		t.Fatalf("owner A: %d products, want 4", total)
	}
}
