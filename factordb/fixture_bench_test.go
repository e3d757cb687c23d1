//go:build benchfixture

package factordb_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"sync"
	"testing"

	"github.com/google/uuid"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// The benchmarks at a million certificates (issue 14 item 6) run only with
// the benchfixture tag, on a database cached between runs
// (factordb.CertificateFixturePath); building it signs every certificate
// and takes minutes. PCF_BENCH_CERTIFICATES sets another size. Run:
//
//	go test -tags benchfixture -run '^$' -bench Million ./factordb/

// fixtureSize is the number of fixture certificates: 1,000,000 unless
// PCF_BENCH_CERTIFICATES says otherwise.
func fixtureSize(tb testing.TB) int {
	n := 1_000_000
	if s := os.Getenv("PCF_BENCH_CERTIFICATES"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil || n < 2 {
			tb.Fatalf("PCF_BENCH_CERTIFICATES=%q: want a number of at least 2", s)
		}
	}
	return n
}

var fixture struct {
	once sync.Once
	s    *services
	n    int
	err  error
}

// MustOpenFixture returns the services on the cached fixture database, built
// on first use: the seed set published, the test organisations, one
// certificate of orgMaker issued through the services (product code
// HS:854143, the only one with it), and fixtureSize others written by
// factordb.LoadFixtureCertificates. The database stays open for the
// process; benchmarks add their own studies and applications to it.
func MustOpenFixture(tb testing.TB) (*services, int) {
	tb.Helper()
	fixture.once.Do(func() {
		fixture.n = fixtureSize(tb)
		db, err := factordb.OpenCertificateFixture(fixture.n, func(db *factordb.DB) (uuid.UUID, error) {
			s := newServices(db)
			mustLoadSeed(tb, s.factors)
			s.MustCreateOrgs(tb)
			return s.MustIssue(tb, "PCF-FIXTURE-001").Certificate().ID, nil
		})
		fixture.s, fixture.err = newServices(db), err
	})
	if fixture.err != nil {
		tb.Fatal(fixture.err)
	}
	return fixture.s, fixture.n
}

// BenchmarkMillion_CreateApplication creates a pending application (one
// durable commit) in the fixture database; the application is rejected
// outside the timer, so that the study can apply again.
func BenchmarkMillion_CreateApplication(b *testing.B) {
	ctx := context.Background()
	s, n := MustOpenFixture(b)
	st := s.MustCreateStudy(b, orgMaker, "PCF-BENCH-"+uuid.NewString())
	b.Run(fmt.Sprintf("certificates=%d", n), func(b *testing.B) {
		for b.Loop() {
			app := &certification.Application{StudyID: st.ID, Manufacturer: orgMaker, Certifier: orgCertifier}
			if err := s.certs.CreateApplication(ctx, app); err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			if _, err := s.certs.RejectApplication(ctx, app.ID, []string{"benchmark"}); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
		}
	})
}

// BenchmarkMillion_FindCertificates lists the first page (50) of
// certificates by filters of different selectivity in the fixture
// database.
func BenchmarkMillion_FindCertificates(b *testing.B) {
	s, n := MustOpenFixture(b)
	str := func(v string) *string { return &v }
	withdrawn := certification.CertificateWithdrawn
	for _, q := range []struct {
		name string
		f    certification.CertificateFilter
		want int
	}{
		{"code=rare", certification.CertificateFilter{ProductCode: str("HS:854143"), ProductCodeExact: true}, 1},
		{"code=absent", certification.CertificateFilter{ProductCode: str("999999"), ProductCodeExact: true}, 0},
		{"code=prefix", certification.CertificateFilter{ProductCode: str("HS:7000")}, 50},
		{"manufacturer", certification.CertificateFilter{Manufacturer: str(factordb.FixtureManufacturer(n/2, n))}, 50},
		{"status=withdrawn", certification.CertificateFilter{Status: &withdrawn}, 50},
		{"company=rare", certification.CertificateFilter{Company: str("示例组件")}, 1},
		{"company=absent", certification.CertificateFilter{Company: str("Nobody Ltd")}, 0},
		{"rule=absent", certification.CertificateFilter{Rule: str("laptop")}, 0},
	} {
		b.Run(fmt.Sprintf("%s/certificates=%d", q.name, n), func(b *testing.B) {
			f := q.f
			f.Limit = 50
			loopCounted(b, "certificates", q.want, func() (int, error) {
				page, _, err := s.certs.FindCertificates(context.Background(), f)
				return len(page), err
			})
		})
	}
}

// BenchmarkMillion_FindCertificateByID reads a fixture certificate by ID,
// a different one each time.
func BenchmarkMillion_FindCertificateByID(b *testing.B) {
	ctx := context.Background()
	s, n := MustOpenFixture(b)
	ids := make([]uuid.UUID, 1000)
	for i := range ids {
		rec, err := s.certs.FindCertificateByNumber(ctx, factordb.FixtureNumber(i*(n/len(ids)), n))
		if err != nil {
			b.Fatal(err)
		}
		ids[i] = rec.Certificate().ID
	}
	b.Run(fmt.Sprintf("certificates=%d", n), func(b *testing.B) {
		i := 0
		for b.Loop() {
			if _, err := s.certs.FindCertificateByID(ctx, ids[i%len(ids)]); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
}

// The fixture's certificates are really signed, each over its own content,
// and listed by the indexes as the services would list them.
func TestCertificateFixture(t *testing.T) {
	if os.Getenv("PCF_BENCH_CERTIFICATES") == "" {
		t.Skip("set PCF_BENCH_CERTIFICATES to check a fixture of that size")
	}
	ctx := context.Background()
	s, n := MustOpenFixture(t)
	keys, err := s.keys.PublicKeys(ctx)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, i := range []int{0, 1, n / 2, n - 1} {
		rec, err := s.certs.FindCertificateByNumber(ctx, factordb.FixtureNumber(i, n))
		if err != nil {
			t.Fatal(err)
		}
		if err := certification.VerifyCertificate(rec.Signed, keys); err != nil {
			t.Fatalf("certificate %d: %v", i, err)
		}
		c := rec.Certificate()
		if seen[c.ID.String()] || seen[string(rec.Signed.Content)] {
			t.Fatalf("certificate %d repeats another", i)
		}
		seen[c.ID.String()], seen[string(rec.Signed.Content)] = true, true
		if got, want := c.Product.Codes[0].String(), factordb.FixtureCode(i, n); got != want {
			t.Fatalf("certificate %d: code %s, want %s", i, got, want)
		}
	}
	// The fixture's applications are listed as the services list them
	// (application_order): a manufacturer's issued ones were none.
	maker, issued := factordb.FixtureManufacturer(0, n), certification.ApplicationIssued
	want := 0
	for i := range n {
		if factordb.FixtureManufacturer(i, n) == maker {
			want++
		}
	}
	apps, err := s.certs.FindApplications(ctx, certification.ApplicationFilter{Manufacturer: &maker, Status: &issued})
	if err != nil {
		t.Fatal(err)
	}
	if len(apps) != want {
		t.Errorf("%s: %d issued applications listed, want %d", maker, len(apps), want)
	}
	mustRun(t, s.db, factordb.CheckApplicationFilterIndex)
	mustRun(t, s.db, factordb.CheckCertificateIndexes)
}

// BenchmarkMillion_FindApplications lists a certifier's pending
// applications (its queue: none pending among the fixture's million issued
// ones) and one manufacturer's issued ones, in the fixture database.
func BenchmarkMillion_FindApplications(b *testing.B) {
	ctx := context.Background()
	s, n := MustOpenFixture(b)
	pending, issued := certification.ApplicationPending, certification.ApplicationIssued
	maker := factordb.FixtureManufacturer(0, n)
	for _, q := range []struct {
		name string
		f    certification.ApplicationFilter
		want int
	}{
		{"certifier+pending", certification.ApplicationFilter{Certifier: ptr(orgCertifier), Status: &pending}, 0},
		{"manufacturer+issued", certification.ApplicationFilter{Manufacturer: &maker, Status: &issued}, n / factordb.FixtureManufacturers},
	} {
		b.Run(fmt.Sprintf("%s/certificates=%d", q.name, n), func(b *testing.B) {
			for b.Loop() {
				apps, err := s.certs.FindApplications(ctx, q.f)
				if err != nil {
					b.Fatal(err)
				}
				if len(apps) != q.want {
					b.Fatalf("%d applications, want %d", len(apps), q.want)
				}
			}
		})
	}
}
