package factordb_test

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/pact"
)

// pactSearch is a PACT filter with what the index answers of it.
type pactSearch interface {
	Match(*pact.Footprint) bool
	Lookups() []pact.Lookup
}

// mustPACTFilter parses a v3 query ("?geography=CN") or a v2 $filter.
func mustPACTFilter(t *testing.T, s string) pactSearch {
	t.Helper()
	if q, ok := strings.CutPrefix(s, "?"); ok {
		values, err := url.ParseQuery(q)
		if err != nil {
			t.Fatal(err)
		}
		f, err := pact.ParseFilter(values)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	f, err := pact.ParseFilterV2(s)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// footprintNumbers lists, in number order, the certificates find returns
// for q, page by page (limit 2, so that the cursor is used), and those of
// them whose footprint q matches (mapped as the PACT host maps them, with
// the declared CPC codes; suspended and flagged ones are not available).
func (s *services) footprintNumbers(t *testing.T, q pactSearch, find func(context.Context, certification.CertificateFilter, []pact.Lookup) ([]*certification.CertificateRecord, string, error)) (read, matched []string) {
	t.Helper()
	ctx := context.Background()
	cursor := ""
	for {
		page, next, err := find(ctx, certification.CertificateFilter{Cursor: cursor, Limit: 2}, q.Lookups())
		if err != nil {
			t.Fatal(err)
		}
		for _, rec := range page {
			c := rec.Certificate()
			read = append(read, c.Number)
			if !pact.Available(rec) {
				continue
			}
			st, err := s.studies.FindStudyByID(ctx, c.StudyID)
			if err != nil {
				t.Fatal(err)
			}
			facts, err := pact.FactsFromStudy(c, st)
			if err != nil {
				t.Fatal(err)
			}
			f, err := pact.New(rec, facts, pact.Options{Issuer: "pcf.example.cn"})
			if err != nil {
				t.Fatal(err)
			}
			cpcs, err := s.certs.DeclaredCPCs(ctx, []uuid.UUID{c.ID})
			if err != nil {
				t.Fatal(err)
			}
			if q.Match(f.WithDeclaredCPC(cpcs[c.ID])) {
				matched = append(matched, c.Number)
			}
		}
		if next == "" {
			return read, matched
		}
		cursor = next
	}
}

// Ensure FindFootprints reads, through pact_footprint_index, only the
// certificates that can meet a PACT filter's geography, classification,
// CPC code, dates and status (issue 14 item 3), finds every footprint a
// walk through every certificate finds, in the same order and pages; that
// a status change (suspend, reinstate, withdraw, supersede) and a declared
// CPC code keep the index exactly what a rebuild gives; and that Open
// builds it for a file written before it.
func TestCertificationService_FindFootprints(t *testing.T) {
	s := MustOpenWithOrgs(t)
	ctx := context.Background()
	num := func(rec *certification.CertificateRecord) string { return rec.Certificate().Number }
	setStatus := func(rec *certification.CertificateRecord, to certification.CertificateStatus) {
		t.Helper()
		if _, err := s.certs.SetCertificateStatus(ctx, rec.Certificate().ID, to, "test"); err != nil {
			t.Fatal(err)
		}
	}
	check := func(when string) {
		t.Helper()
		if err := factordb.CheckPACTFootprintIndex(s.db); err != nil {
			t.Fatalf("%s: %v", when, err)
		}
	}
	plain := s.MustIssue(t, "PIDX-1")
	sichuan := s.mustIssueStudy(t, s.MustCreateStudy(t, orgMaker, "PIDX-2", func(st *footprint.Study) {
		for _, e := range st.Electricity {
			e.Geography = "CN-SC"
		}
	}).ID, orgMaker)
	withdrawn := s.MustIssue(t, "PIDX-3")
	setStatus(withdrawn, certification.CertificateWithdrawn)
	check("withdrawn")
	suspended := s.MustIssue(t, "PIDX-4")
	setStatus(suspended, certification.CertificateSuspended)
	check("suspended")
	reinstated := s.MustIssue(t, "PIDX-5")
	setStatus(reinstated, certification.CertificateSuspended)
	setStatus(reinstated, certification.CertificateValid)
	check("reinstated")
	old := s.MustIssue(t, "PIDX-6")
	next := s.MustSupersede(t, old)
	check("superseded")
	declared := s.MustIssue(t, "PIDX-7")
	if _, _, err := s.certs.DeclareCPC(asOrg(orgMaker), declared.Certificate().ID, "46"); err != nil {
		t.Fatal(err)
	}
	check("CPC declared")
	hs := "urn:pact:wcoomd.org:hs-code:" + plain.Certificate().Product.Codes[0].Code
	issued := plain.Certificate().IssuedAt

	for _, tt := range []struct {
		filter string
		want   []string // the certificates read through the index
	}{
		{"?geography=cn-sc", []string{num(sichuan)}},
		{"?geography=Eastern%20Asia", nil}, // every certificate: checked below
		{"?geography=FR", []string{}},
		{"pcf/geographyCountry eq 'CN'", []string{num(plain), num(withdrawn), num(suspended), num(reinstated), num(old), num(next), num(declared)}},
		{"?classification=" + url.QueryEscape(strings.ToUpper(hs)), nil},
		{"?classification=urn:cpc:99", []string{}},
		{"productCategoryCpc eq '46'", []string{num(declared)}},
		{"productCategoryCpc gt '4'", []string{num(declared)}},
		{"?status=deprecated", []string{num(withdrawn), num(old)}},
		{"?status=active&geography=CN-SC", []string{num(sichuan)}},
		{"updated ge '2000-01-01T00:00:00Z'", []string{num(withdrawn), num(old)}},
		{"created lt '2000-01-01T00:00:00Z'", []string{}},
		{"created ge '" + issued.Format("2006-01-02T15:04:05Z") + "'", nil},
		{"?validOn=2001-01-01T00:00:00Z", []string{}},
		{"?validBefore=2001-01-01T00:00:00Z&geography=CN", []string{}},
	} {
		q := mustPACTFilter(t, tt.filter)
		read, matched := s.footprintNumbers(t, q, s.certs.FindFootprints)
		all, want := s.footprintNumbers(t, q, s.certs.FindFootprintsScan)
		if !slices.Equal(matched, want) {
			t.Errorf("%s: matched %v, walking every certificate %v", tt.filter, matched, want)
		}
		if tt.want == nil {
			tt.want = all
		}
		if !slices.Equal(read, tt.want) && !(len(read) == 0 && len(tt.want) == 0) {
			t.Errorf("%s: read %v, want %v", tt.filter, read, tt.want)
		}
	}

	// A file written before the index: Open builds it.
	if err := factordb.DropPACTFootprintIndex(s.db); err != nil {
		t.Fatal(err)
	}
	if read, _ := s.footprintNumbers(t, mustPACTFilter(t, "?geography=CN"), s.certs.FindFootprints); len(read) != 0 {
		t.Fatalf("without the index a search read %v: it does not read the index", read)
	}
	if err := factordb.Init(s.db); err != nil { // what Open does
		t.Fatal(err)
	}
	check("migrated")
	if read, _ := s.footprintNumbers(t, mustPACTFilter(t, "?geography=CN-SC"), s.certs.FindFootprints); !slices.Equal(read, []string{num(sichuan)}) {
		t.Errorf("migrated: read %v, want %s", read, num(sichuan))
	}
}
