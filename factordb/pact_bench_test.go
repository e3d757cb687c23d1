//go:build benchfixture

package factordb_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/pact"
)

// BenchmarkMillion_PACTSearch runs a whole PACT search (every page of 100,
// as the PACT host's walk reads them) in the fixture database, reading
// through pact_footprint_index (read=index) and, as the host did before
// it, every certificate (read=walk: the host then mapped each one, its
// signature checked and its study read, which this leaves out). It
// reports the certificates read. Compare the two with
//
//	benchstat -col /read old.txt
//
// The fixture's certificates have no stored study, so their geography is
// unknown and a search by geography reads them all (as the host would
// fail to map them): geography is left out here.
func BenchmarkMillion_PACTSearch(b *testing.B) {
	s, n := MustOpenFixture(b)
	// Fixture certificate i is issued 30 s after i-1 in its year.
	hour := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(n/4) * 30 * time.Second)
	code := strings.TrimPrefix(factordb.FixtureCode(n/2, n), "HS:")
	perCode := 0
	for i := range n {
		if factordb.FixtureCode(i, n) == "HS:"+code {
			perCode++
		}
	}
	v3 := func(q url.Values) pactSearch { return v3Search(b, q) }
	for _, q := range []struct {
		name string
		q    pactSearch
		want int // what the index reads
	}{
		{"classification=rare", v3(url.Values{"classification": {"urn:pact:wcoomd.org:hs-code:" + code}}), perCode},
		{"created=1h", v2Search(b, fmt.Sprintf("created ge '%s' and created lt '%s'", hour.Format(time.RFC3339), hour.Add(time.Hour).Format(time.RFC3339))), 120},
		{"status=deprecated", v3(url.Values{"status": {"Deprecated"}}), (n + 99) / 100},
	} {
		for _, read := range []struct {
			name string
			find func(context.Context, certification.CertificateFilter, []pact.Lookup) ([]*certification.CertificateRecord, string, error)
			want int
		}{{"index", s.certs.FindFootprints, q.want}, {"walk", s.certs.FindFootprintsScan, n + 1}} {
			b.Run(fmt.Sprintf("filter=%s/read=%s/certificates=%d", q.name, read.name, n), func(b *testing.B) {
				lookups := q.q.Lookups()
				loopCounted(b, "certificates", read.want, func() (int, error) {
					return countAll(read.find, lookups)
				})
			})
		}
	}
}

// countAll reads every page of 100 of find and returns how many
// certificates it read.
func countAll(find func(context.Context, certification.CertificateFilter, []pact.Lookup) ([]*certification.CertificateRecord, string, error), lookups []pact.Lookup) (int, error) {
	total, cursor := 0, ""
	for {
		page, next, err := find(context.Background(), certification.CertificateFilter{Cursor: cursor, Limit: 100}, lookups)
		if err != nil {
			return 0, err
		}
		total += len(page)
		if next == "" {
			return total, nil
		}
		cursor = next
	}
}
