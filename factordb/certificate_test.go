package factordb_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
)

// mustFind returns what find (a Find…ByID method) reads for id, failing
// tb on its error.
func mustFind[T any](tb testing.TB, find func(context.Context, uuid.UUID) (T, error), id uuid.UUID) T {
	tb.Helper()
	v, err := find(context.Background(), id)
	if err != nil {
		tb.Fatal(err)
	}
	return v
}

func mustFindCertificate(tb testing.TB, s *services, id uuid.UUID) *certification.CertificateRecord {
	tb.Helper()
	return mustFind(tb, s.certs.FindCertificateByID, id)
}

func mustFindApplication(tb testing.TB, s *services, id uuid.UUID) *certification.Application {
	tb.Helper()
	return mustFind(tb, s.certs.FindApplicationByID, id)
}

func numbers(recs []*certification.CertificateRecord) []string {
	return keys(recs, func(r *certification.CertificateRecord) string { return r.Certificate().Number })
}

// firstNumbers are the numbers of the first n certificates a test
// database issues.
func firstNumbers(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("CDPCF-2026-%06d", i+1)
	}
	return out
}

func TestCertificationService_SetCertificateStatus(t *testing.T) {
	ctx, s := mustStart(t)
	serial := 0
	// inState returns a new certificate in the given recorded status.
	inState := func(st certification.CertificateStatus) *certification.CertificateRecord {
		serial++
		rec := s.MustIssue(t, fmt.Sprintf("GEC-T-%d", serial))
		id := rec.Certificate().ID
		switch st {
		case certification.CertificateSuspended, certification.CertificateWithdrawn:
			s.mustSetStatus(t, ctx, id, st, "setup")
		case certification.CertificateSuperseded:
			s.MustSupersede(t, rec)
		}
		return mustFindCertificate(t, s, id)
	}
	for _, from := range []certification.CertificateStatus{certification.CertificateValid, certification.CertificateSuspended, certification.CertificateWithdrawn, certification.CertificateSuperseded} {
		for _, to := range certification.CertificateStatuses {
			t.Run(string(from)+"To"+string(to), func(t *testing.T) {
				// Ensure exactly the transitions CertificateTransition
				// allows are made, each with its audit event; the others
				// are ECONFLICT and change nothing.
				rec := inState(from)
				id := rec.Certificate().ID
				action, allowed := certification.CertificateTransition(from, to)
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
				events := s.mustAuditEvents(t, access.AuditFilter{Subject: &subject, Limit: 1})
				// A superseded certificate withdrawn flags the one that
				// superseded it (flagSuccessor), with an event on that one.
				want := before + 1
				if from == certification.CertificateSuperseded {
					want++
					succ := mustFindCertificate(t, s, after.SupersededBy)
					if f, ok := certification.PredecessorFlag(succ.SupplierFlags); !ok || f.Certificate != id || f.Status != to || len(succ.SupplierFlags) != 1 {
						t.Fatalf("successor's flags %+v, want one naming the withdrawn predecessor", succ.SupplierFlags)
					}
				}
				if s.auditCount(t) != want || events[0].Action != action || events[0].Detail != "reason given" {
					t.Fatalf("audit %+v (%d events, want %d)", events[0], s.auditCount(t)-before, want-before)
				}
			})
		}
	}

	t.Run("Errors", func(t *testing.T) {
		// Ensure a missing reason is EINVALID and an unknown certificate
		// ENOTFOUND.
		rec := inState(certification.CertificateValid)
		_, err := s.certs.SetCertificateStatus(ctx, rec.Certificate().ID, certification.CertificateSuspended, " ")
		assertCode(t, err, footprint.EINVALID)
		_, err = s.certs.SetCertificateStatus(ctx, uuid.New(), certification.CertificateSuspended, "x")
		assertCode(t, err, footprint.ENOTFOUND)
	})
}

func TestCertificationService_FindCertificates(t *testing.T) {
	ctx, s := mustStart(t)
	c1 := s.MustIssue(t, "GEC-F-1") // valid
	c2 := s.MustIssue(t, "GEC-F-2") // suspended
	c3 := s.MustIssue(t, "GEC-F-3") // superseded by c4
	c4 := s.MustSupersede(t, c3)
	s.mustSetStatus(t, ctx, c2.Certificate().ID, certification.CertificateSuspended, "review")
	// A certificate of another manufacturer, which makes the product
	// itself.
	st := s.MustCreateStudy(t, orgMaker2, "GEC-F-5", func(st *footprint.Study) { st.Product.Manufacturer = orgMaker2 })
	c5 := s.mustIssueStudy(t, st.ID, orgMaker2)
	all := numbers([]*certification.CertificateRecord{c1, c2, c3, c4, c5})
	expiry := c1.Certificate().ExpiresAt
	status := func(s certification.CertificateStatus) *certification.CertificateStatus { return &s }

	for _, tt := range []struct {
		name   string
		filter certification.CertificateFilter
		want   []string
	}{
		{"All", certification.CertificateFilter{}, all},
		{"ProductCodePrefix", certification.CertificateFilter{ProductCode: ptr("8541")}, all},
		{"ProductCodeFull", certification.CertificateFilter{ProductCode: ptr("854143")}, all},
		{"ProductCodeScheme", certification.CertificateFilter{ProductCode: ptr("HS:85414")}, all},
		{"ProductCodeOther", certification.CertificateFilter{ProductCode: ptr("8471")}, nil},
		{"ProductCodeLonger", certification.CertificateFilter{ProductCode: ptr("8541430")}, all}, // its heading (red team 48)
		{"ProductCodeLongerExact", certification.CertificateFilter{ProductCode: ptr("8541430"), ProductCodeExact: true}, nil},
		{"ProductCodeLongerElsewhere", certification.CertificateFilter{ProductCode: ptr("8541490")}, nil},
		{"Manufacturer", certification.CertificateFilter{Manufacturer: ptr(orgMaker2)}, all[4:]},
		{"CompanyExact", certification.CertificateFilter{Company: ptr(orgMaker)}, all[:4]},
		{"CompanySubstring", certification.CertificateFilter{Company: ptr("other maker")}, all[4:]},
		{"CompanyChinese", certification.CertificateFilter{Company: ptr("示例组件")}, all[:4]},
		{"Certifier", certification.CertificateFilter{Certifier: ptr(orgCertifier)}, all},
		{"CertifierOther", certification.CertificateFilter{Certifier: ptr("Other")}, nil},
		{"Rule", certification.CertificateFilter{Rule: ptr("pv-module")}, all},
		{"RuleOther", certification.CertificateFilter{Rule: ptr("laptop")}, nil},
		{"StatusValid", certification.CertificateFilter{Status: status(certification.CertificateValid)}, []string{all[0], all[3], all[4]}},
		{"StatusSuspended", certification.CertificateFilter{Status: status(certification.CertificateSuspended)}, all[1:2]},
		{"StatusSuperseded", certification.CertificateFilter{Status: status(certification.CertificateSuperseded)}, all[2:3]},
		{"StatusExpiredRecorded", certification.CertificateFilter{Status: status(certification.CertificateExpired)}, nil},
		{"StatusValidBeforeExpiry", certification.CertificateFilter{Status: status(certification.CertificateValid), Now: expiry.Add(-time.Hour)}, []string{all[0], all[3], all[4]}},
		{"StatusExpiredDerived", certification.CertificateFilter{Status: status(certification.CertificateExpired), Now: expiry.AddDate(0, 1, 0)}, []string{all[0], all[1], all[3], all[4]}},
		{"StatusValidAfterExpiry", certification.CertificateFilter{Status: status(certification.CertificateValid), Now: expiry.AddDate(0, 1, 0)}, nil},
		{"StatusSupersededAfterExpiry", certification.CertificateFilter{Status: status(certification.CertificateSuperseded), Now: expiry.AddDate(0, 1, 0)}, all[2:3]},
		{"Combined", certification.CertificateFilter{Company: ptr(orgMaker), Status: status(certification.CertificateValid), ProductCode: ptr("8541")}, []string{all[0], all[3]}},
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
				recs, next, err := s.certs.FindCertificates(ctx, certification.CertificateFilter{Cursor: cursor, Limit: limit})
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
		valid := certification.CertificateValid
		recs, next, err := s.certs.FindCertificates(ctx, certification.CertificateFilter{Status: &valid, Limit: 2})
		if err != nil {
			t.Fatal(err)
		}
		recs2, next2, err := s.certs.FindCertificates(ctx, certification.CertificateFilter{Status: &valid, Limit: 2, Cursor: next})
		if err != nil {
			t.Fatal(err)
		}
		if got := append(numbers(recs), numbers(recs2)...); !slices.Equal(got, []string{all[0], all[3], all[4]}) || next2 != "" {
			t.Fatalf("valid pages %v (next %q)", got, next2)
		}
	})

	t.Run("Errors", func(t *testing.T) {
		// Ensure a malformed cursor or a negative limit is EINVALID.
		_, _, err := s.certs.FindCertificates(ctx, certification.CertificateFilter{Cursor: "!!"})
		assertCode(t, err, footprint.EINVALID)
		// A cursor that decodes ("foo") but is no certificate number.
		_, _, err = s.certs.FindCertificates(ctx, certification.CertificateFilter{Cursor: "Zm9v"})
		assertCode(t, err, footprint.EINVALID)
		if footprint.ErrorField(err) != "cursor" {
			t.Errorf("field %q, want cursor", footprint.ErrorField(err))
		}
		_, _, err = s.certs.FindCertificates(ctx, certification.CertificateFilter{Limit: -1})
		assertCode(t, err, footprint.EINVALID)
	})
}

func TestCertificationService_FindSupplierFootprints(t *testing.T) {
	ctx, s := mustStart(t)
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
		s.mustSetStatus(t, ctx, c.ID, certification.CertificateSuspended, "review")
		_, err := s.certs.FindSupplierFootprints(ctx, []string{c.ID.String()})
		assertCode(t, err, footprint.EINVALID)
		s.mustSetStatus(t, ctx, c.ID, certification.CertificateValid, "review passed")
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

// MustIssueBuyer stores a study of orgMaker2 with one BOM line on supplier
// certificate ref, applies for it and issues it.
func (s *services) MustIssueBuyer(tb testing.TB, serial, ref string) *certification.CertificateRecord {
	tb.Helper()
	app := s.mustApplyBuyer(tb, serial, ref)
	rec, err := s.certs.IssueCertificate(context.Background(), app.ID, issueReq)
	if err != nil {
		tb.Fatal(err)
	}
	return rec
}

func (s *services) mustApplyBuyer(tb testing.TB, serial, ref string) *certification.Application {
	tb.Helper()
	ctx := context.Background()
	st := s.MustCreateStudy(tb, orgMaker2, serial, func(st *footprint.Study) {
		st.BOM = append(st.BOM, &footprint.BOMLine{Name: "supplied junction box", Quantity: 1, Unit: footprint.MustParseUnit("piece"), Stage: "A1", Supplier: ref})
	})
	app, err := s.apply(ctx, orgMaker2, st.ID, uuid.Nil)
	if err != nil {
		tb.Fatal(err)
	}
	return app
}

// Ensure the supply chain holds (issue 9 item 7): a supplier certificate
// for 2025 data issued in 2026 serves a 2025 study; a certificate is not
// issued on a supplier certificate that is no longer valid; and when a
// supplier certificate is suspended, withdrawn or superseded, every
// certificate issued on it is flagged, audited and listed until its
// certifier acts.
func TestCertificationService_SupplyChain(t *testing.T) {
	flagged := true
	flags := func(tb testing.TB, s *services, id uuid.UUID) []certification.SupplierFlag {
		tb.Helper()
		return mustFindCertificate(tb, s, id).SupplierFlags
	}

	t.Run("SupplierPeriodCounts", func(t *testing.T) {
		// The test clock is in 2026; the demo study's period is 2025.
		s := MustOpenWithOrgs(t)
		sup := s.MustIssue(t, "GEC-SC-1").Certificate()
		if sup.IssuedAt.Year() != 2026 || sup.PeriodEnd.Year() != 2025 {
			t.Fatalf("supplier issued %s for %s", sup.IssuedAt, sup.PeriodEnd)
		}
		buyer := s.MustIssueBuyer(t, "GEC-SC-2", sup.Number)
		if !slices.Equal(buyer.Suppliers, []uuid.UUID{sup.ID}) || len(buyer.SupplierFlags) != 0 {
			t.Fatalf("buyer suppliers %v flags %v", buyer.Suppliers, buyer.SupplierFlags)
		}
	})

	t.Run("SupplierNotValidAtIssue", func(t *testing.T) {
		ctx, s := mustStart(t)
		sup := s.MustIssue(t, "GEC-SC-1").Certificate()
		app := s.mustApplyBuyer(t, "GEC-SC-2", sup.ID.String())
		for _, to := range []certification.CertificateStatus{certification.CertificateSuspended, certification.CertificateWithdrawn} {
			if to == certification.CertificateWithdrawn {
				s.mustSetStatus(t, ctx, sup.ID, certification.CertificateValid, "review passed")
			}
			s.mustSetStatus(t, ctx, sup.ID, to, "test")
			before := s.auditCount(t)
			_, err := s.certs.IssueCertificate(ctx, app.ID, issueReq)
			assertCode(t, err, footprint.ECONFLICT)
			if msg := footprint.ErrorMessage(err); !strings.Contains(msg, sup.Number) || !strings.Contains(msg, string(to)) {
				t.Fatalf("message %q", msg)
			}
			if a, err := s.certs.FindApplicationByID(ctx, app.ID); err != nil || a.Status != certification.ApplicationPending || s.auditCount(t) != before {
				t.Fatalf("a refused issue changed the application (%+v, %v) or the trail", a, err)
			}
		}
	})

	t.Run("DownstreamFlagged", func(t *testing.T) {
		ctx, s := mustStart(t)
		sup := s.MustIssue(t, "GEC-SC-1").Certificate()
		b1 := s.MustIssueBuyer(t, "GEC-SC-2", sup.Number).Certificate().ID
		b2 := s.MustIssueBuyer(t, "GEC-SC-3", sup.ID.String()).Certificate().ID
		other := s.MustIssue(t, "GEC-SC-4").Certificate().ID // uses no supplier

		s.mustSetStatus(t, ctx, sup.ID, certification.CertificateWithdrawn, "data falsified")
		for _, id := range []uuid.UUID{b1, b2} {
			f := flags(t, s, id)
			if len(f) != 1 || f[0].Certificate != sup.ID || f[0].Number != sup.Number || f[0].Status != certification.CertificateWithdrawn || f[0].At.IsZero() {
				t.Fatalf("flags of %s: %+v", id, f)
			}
			subject := "certificate/" + id.String()
			events := s.mustAuditEvents(t, access.AuditFilter{Subject: &subject, Limit: 1})
			if events[0].Action != access.AuditCertificateFlag || !strings.Contains(events[0].Detail, sup.Number) {
				t.Fatalf("last event of %s: %+v", id, events[0])
			}
		}
		if f := flags(t, s, other); len(f) != 0 {
			t.Fatalf("a certificate without suppliers was flagged: %+v", f)
		}
		queue, _, err := s.certs.FindCertificates(ctx, certification.CertificateFilter{Flagged: &flagged, Certifier: ptr(orgCertifier)})
		if err != nil {
			t.Fatal(err)
		}
		if got := len(queue); got != 2 {
			t.Fatalf("%d flagged certificates, want 2", got)
		}

		// The certifier acts: a review keeps b1 and clears its flag; a
		// suspension of b2 clears its flag too.
		_, err = s.certs.ReviewCertificate(ctx, b1, " ")
		assertCode(t, err, footprint.EINVALID)
		if _, err := s.certs.ReviewCertificate(ctx, b1, "the supplier share is below the cut-off"); err != nil {
			t.Fatal(err)
		}
		_, err = s.certs.ReviewCertificate(ctx, b1, "again")
		assertCode(t, err, footprint.ECONFLICT)
		review := access.AuditCertificateReview
		events := s.mustAuditEvents(t, access.AuditFilter{Action: &review})
		if len(events) != 1 || events[0].Subject != "certificate/"+b1.String() || !strings.Contains(events[0].Detail, sup.Number) {
			t.Fatalf("review events %+v", events)
		}
		s.mustSetStatus(t, ctx, b2, certification.CertificateSuspended, "supplier withdrawn")
		for _, id := range []uuid.UUID{b1, b2} {
			if f := flags(t, s, id); len(f) != 0 {
				t.Fatalf("flags of %s after its certifier acted: %+v", id, f)
			}
		}
		queue, _, err = s.certs.FindCertificates(ctx, certification.CertificateFilter{Flagged: &flagged})
		if err != nil || len(queue) != 0 {
			t.Fatalf("flagged after the certifier acted: %d %v", len(queue), err)
		}
	})

	t.Run("SupersededSupplier", func(t *testing.T) {
		s := MustOpenWithOrgs(t)
		sup := s.MustIssue(t, "GEC-SC-1")
		b := s.MustIssueBuyer(t, "GEC-SC-2", sup.Certificate().Number).Certificate().ID
		s.MustSupersede(t, sup)
		if f := flags(t, s, b); len(f) != 1 || f[0].Status != certification.CertificateSuperseded {
			t.Fatalf("flags %+v", f)
		}
	})

	t.Run("IndexBuiltAtOpen", func(t *testing.T) {
		// A database whose certificates did not list their suppliers gets
		// the lists from the studies at Open, so flags reach them too.
		ctx, s := mustStart(t)
		sup := s.MustIssue(t, "GEC-SC-1").Certificate()
		b := s.MustIssueBuyer(t, "GEC-SC-2", sup.Number).Certificate().ID
		mustRun(t, s.db, factordb.ForgetSuppliers)
		if got := mustFindCertificate(t, s, b).Suppliers; len(got) != 0 {
			t.Fatalf("suppliers %v after forgetting", got)
		}
		mustRun(t, s.db, factordb.Init)
		if got := mustFindCertificate(t, s, b).Suppliers; !slices.Equal(got, []uuid.UUID{sup.ID}) {
			t.Fatalf("suppliers %v after Open, want %v", got, sup.ID)
		}
		s.mustSetStatus(t, ctx, sup.ID, certification.CertificateSuspended, "review")
		if f := flags(t, s, b); len(f) != 1 || f[0].Status != certification.CertificateSuspended {
			t.Fatalf("flags %+v", f)
		}
	})
}

func TestCertificationService_FindCertificateByNumber(t *testing.T) {
	ctx, s := mustStart(t)
	rec := s.MustIssue(t, "GEC-NUM-1")
	number := rec.Certificate().Number

	t.Run("OK", func(t *testing.T) {
		// Ensure the full printed number finds the certificate.
		got, err := s.certs.FindCertificateByNumber(ctx, number)
		if err != nil {
			t.Fatal(err)
		}
		if got.Certificate().ID != rec.Certificate().ID {
			t.Fatalf("found %s, want %s", got.Certificate().ID, rec.Certificate().ID)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		// Ensure a well-formed number no certificate has is not found.
		_, err := s.certs.FindCertificateByNumber(ctx, "CDPCF-2026-999999")
		if got := footprint.ErrorCode(err); got != footprint.ENOTFOUND {
			t.Fatalf("code=%q (%v), want not_found", got, err)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		// Ensure only a whole number in its printed form is looked up:
		// no prefix, no other spelling.
		for _, bad := range []string{"", number[:len(number)-1], number[:11], strings.ToLower(number), " " + number, number + "%"} {
			_, err := s.certs.FindCertificateByNumber(ctx, bad)
			if footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != "number" {
				t.Errorf("%q: %v, want invalid number", bad, err)
			}
		}
	})
}

// recompute calculates a certified study again as a buyer would: the study
// document as stored, the factors of the exported set the study names, and
// the supplier footprints of the certificate's supplier list. It returns
// the digest of the result.
func recompute(tb testing.TB, s *services, rec *certification.CertificateRecord) string {
	tb.Helper()
	ctx := context.Background()
	c := rec.Certificate()
	st, err := footprint.ParseStudyJSON(bytes.NewReader(factordb.StoredStudyDocument(s.db, c.StudyID)))
	if err != nil {
		tb.Fatal(err)
	}
	all, err := s.factors.ExportFactorSet(ctx, c.FactorSet)
	if err != nil {
		tb.Fatal(err)
	}
	suppliers := map[string]*footprint.SupplierFootprint{}
	for _, sup := range rec.SupplierList {
		if suppliers[sup.Ref], err = sup.Footprint(); err != nil {
			tb.Fatal(err)
		}
	}
	// The factors the study names and those of its product and its suppliers' products, which the engine
	// compares their figures with (docs/certificates.md §2.1).
	factors := map[string]*footprint.Factor{}
	for _, f := range all {
		if slices.Contains(st.FactorCodes(), f.Code) || footprint.ComparedWith(f, footprint.ComparisonCodes(st, suppliers)) {
			factors[f.Code] = f
		}
	}
	res, err := footprint.Calculate(st, factors, suppliers)
	if err != nil {
		tb.Fatal(err)
	}
	d, err := res.Digest()
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

// Ensure an issued certificate is format 3 (format 2 and the factors) and signs what a buyer needs to
// recompute it: the digest of the study document as stored, the digest of
// the published factor set (which an exported set, also through CSV,
// reproduces), the Monte Carlo range, the cut-off, and on a successor the
// number of the certificate it supersedes. Recomputing from those inputs
// gives the signed result digest.
func TestCertificationService_IssueCertificate_Format2(t *testing.T) {
	ctx, s := mustStart(t)
	rec := s.MustIssue(t, demoSerial)
	c := rec.Certificate()
	if c.Format != 7 || !bytes.Contains(rec.Signed.Content, []byte(`"format":"pcf-certificate/7"`)) {
		t.Fatalf("format %d: %s", c.Format, rec.Signed.Content)
	}

	doc := factordb.StoredStudyDocument(s.db, c.StudyID)
	if len(doc) == 0 || c.StudyDigest != certification.StudyDigest(doc) {
		t.Fatalf("study digest %s, want that of the stored document (%d bytes)", c.StudyDigest, len(doc))
	}
	// A reader of the study re-encodes it to the stored bytes.
	st := s.mustFindStudy(t, c.StudyID)
	if again, err := footprint.MarshalStudyJSON(st); err != nil || !bytes.Equal(again, doc) {
		t.Fatalf("the study read back does not re-encode to the stored document: %v", err)
	}

	set, err := s.factors.FindFactorSetByVersion(ctx, c.FactorSet)
	if err != nil {
		t.Fatal(err)
	}
	if c.FactorSetDigest != set.Digest || len(set.Digest) != 64 {
		t.Fatalf("factor-set digest %s, set %s has %s", c.FactorSetDigest, set.Version, set.Digest)
	}
	all, err := s.factors.ExportFactorSet(ctx, c.FactorSet)
	if err != nil {
		t.Fatal(err)
	}
	if d, err := factordb.FactorSetDigest(all); err != nil || d != set.Digest {
		t.Fatalf("digest of the exported set %s (%v), want %s", d, err, set.Digest)
	}
	back, _ := footprinttest.FactorsCSVRoundTrip(t, all)
	if d, err := factordb.FactorSetDigest(back); err != nil || d != set.Digest {
		t.Fatalf("digest of the set read back from CSV %s (%v), want %s", d, err, set.Digest)
	}
	back[0].Value *= 1.01
	if d, _ := factordb.FactorSetDigest(back); d == set.Digest {
		t.Fatal("an edited factor gives the set's digest")
	}

	r := st.Result
	if u := c.Uncertainty; u == nil || u.Runs != r.Uncertainty.Runs || u.LowKgCO2e != r.Uncertainty.LowKgCO2e || u.HighKgCO2e != r.Uncertainty.HighKgCO2e ||
		u.LowPercentile != 2.5 || u.HighPercentile != 97.5 {
		t.Fatalf("uncertainty %+v, result %+v", c.Uncertainty, r.Uncertainty)
	}
	if co := c.CutOff; co.Items != len(r.Exempted) || co.Basis != r.ExemptedBasis || co.LimitPct != r.CutOffLimitPct {
		t.Fatalf("cut-off %+v", co)
	}
	if none, err := certification.SuppliersDigest(doc, nil); err != nil || c.SuppliersDigest != none || c.SupersedesNumber != "" || len(rec.SupplierList) != 0 {
		t.Fatalf("first issue: supersedes %q, suppliers digest %s (of none: %s), list %+v", c.SupersedesNumber, c.SuppliersDigest, none, rec.SupplierList)
	}
	if got := recompute(t, s, rec); got != c.ResultDigest {
		t.Fatalf("recomputed result digest %s, signed %s", got, c.ResultDigest)
	}

	next := s.MustSupersede(t, rec).Certificate()
	if next.Supersedes != c.ID || next.SupersedesNumber != c.Number {
		t.Fatalf("successor supersedes %s %q, want %s %q", next.Supersedes, next.SupersedesNumber, c.ID, c.Number)
	}
}

// Ensure a certificate issued on a supplier certificate signs it: its
// record keeps the supplier list (the reference as the study gives it, the
// supplier certificate's ID and number, and the footprint it gave), the
// signed suppliers digest commits to that list salted with the stored
// study, and recomputing with that footprint gives the signed result
// digest (issue 9 item 7).
func TestCertificationService_IssueCertificate_SignsSuppliers(t *testing.T) {
	s := MustOpenWithOrgs(t)
	sup := s.MustIssue(t, demoSerial).Certificate()
	for _, ref := range []string{sup.Number, sup.ID.String()} {
		rec := s.MustIssueBuyer(t, "GEC-BUYER-"+ref[len(ref)-6:], ref)
		buyer := rec.Certificate()
		if len(rec.SupplierList) != 1 {
			t.Fatalf("suppliers %+v", rec.SupplierList)
		}
		got := rec.SupplierList[0]
		if got.Ref != ref || got.ID != sup.ID || got.Number != sup.Number || got.KgCO2e != sup.KgCO2e/sup.DeclaredUnit.Amount ||
			got.Unit != sup.DeclaredUnit.Unit || !got.IssuedAt.Equal(sup.IssuedAt) || !got.ValidUntil.Equal(sup.ExpiresAt) || got.FactorSet != sup.FactorSet {
			t.Fatalf("supplier %+v of certificate %s", got, sup.Number)
		}
		d, err := certification.SuppliersDigest(factordb.StoredStudyDocument(s.db, buyer.StudyID), rec.SupplierList)
		if err != nil || d != buyer.SuppliersDigest {
			t.Fatalf("suppliers digest %s, signed %s (%v)", d, buyer.SuppliersDigest, err)
		}
		if bytes.Contains(rec.Signed.Content, []byte(sup.Number)) || bytes.Contains(rec.Signed.Content, []byte(sup.ID.String())) {
			t.Fatal("the signed (public) content names the supplier certificate")
		}
		if d := recompute(t, s, rec); d != buyer.ResultDigest {
			t.Fatalf("recomputed with the signed supplier footprint: %s, signed %s", d, buyer.ResultDigest)
		}
	}
}

// Ensure a certificate on a study whose set is not published cannot be
// issued (a draft has no digest to sign).
func TestCertificationService_IssueCertificate_ErrDraftSet(t *testing.T) {
	ctx, s := mustStart(t)
	app := s.MustApply(t, demoSerial)
	set, err := s.factors.FindFactorSetByVersion(ctx, "2026.1")
	if err != nil {
		t.Fatal(err)
	}
	if err := factordb.UnpublishFactorSet(s.db, set.Version); err != nil {
		t.Fatal(err)
	}
	_, err = s.certs.IssueCertificate(ctx, app.ID, issueReq)
	if footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != "factor_set" || !strings.Contains(footprint.ErrorMessage(err), "not published") {
		t.Fatalf("err=%v, want EINVALID on factor_set", err)
	}
}

// Ensure a database written before format 2 keeps working: its format-1
// certificate reads, verifies with the keys the database holds, still
// serves as a supplier footprint, and a successor issued on it is format 2
// and names it by number. testdata/format1.db.gz was written by pcf serve
// at commit 80a782c (the demo PV module certified once, CDPCF-2026-000001).
func TestCertificationService_Format1Database(t *testing.T) {
	ctx := context.Background()
	db := MustOpenTestdataDB(t, "format1.db.gz")
	now := time.Date(2027, 1, 10, 0, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { now = now.Add(time.Second); return now }
	fs := factordb.NewFactorService(db)
	certs := factordb.NewCertificationService(db)
	keys := factordb.NewKeyService(db)
	// What pcf serve does at start: the seed set written before factor
	// roles, modes and treatments gets them (seed.Load). Without them
	// today's engine refuses the stored study (its transport factor has
	// no mode), and issue recalculates the study by today's rules.
	mustLoadSeed(t, fs)

	id := uuid.MustParse("2a925707-d23b-4608-9ca9-3f291b229a84")
	rec, err := certs.FindCertificateByID(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	old := rec.Certificate()
	if old.Format != 0 || old.Number != "CDPCF-2026-000001" || !bytes.Contains(rec.Signed.Content, []byte(`"format":"pcf-certificate/1"`)) {
		t.Fatalf("format %d, number %s", old.Format, old.Number)
	}
	pub, err := keys.PublicKeys(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := certification.VerifyCertificate(rec.Signed, pub); err != nil {
		t.Fatalf("format-1 certificate from the database: %v", err)
	}
	if m, err := certs.FindSupplierFootprints(ctx, []string{old.Number}); err != nil || m[old.Number].KgCO2e != old.KgCO2e {
		t.Fatalf("as a supplier footprint: %v %+v", err, m)
	}

	// Its study, stored by the engine of the time, lacks warnings today's
	// engine gives: it is not applied for as stored (the review would not
	// show them), but stored again, and that study supersedes it.
	app := &certification.Application{StudyID: old.StudyID, Manufacturer: rec.Manufacturer, Certifier: rec.Certifier, Supersedes: old.ID}
	if err := certs.CreateApplication(ctx, app); footprint.ErrorField(err) != "result" || !strings.Contains(err.Error(), "a warning its stored result lacks") {
		t.Fatalf("the format-1 study as stored: %v", err)
	}
	owner := access.NewContextWithPrincipal(ctx, &access.Principal{Org: rec.Manufacturer, Role: access.RoleManufacturer})
	studies := factordb.NewStudyService(db, fs, certs)
	stored, err := studies.FindStudyByID(owner, old.StudyID)
	if err != nil {
		t.Fatal(err)
	}
	again, err := footprint.ParseStudyJSON(bytes.NewReader(stored.Document))
	if err != nil {
		t.Fatal(err)
	}
	again.Owner = rec.Manufacturer
	if _, err := studies.CreateStudy(owner, again); err != nil {
		t.Fatal(err)
	}
	app.StudyID = again.ID
	if err := certs.CreateApplication(ctx, app); err != nil {
		t.Fatal(err)
	}
	nrec, err := certs.IssueCertificate(ctx, app.ID, issueReq)
	if err != nil {
		t.Fatal(err)
	}
	next := nrec.Certificate()
	if next.Format != 7 || next.SupersedesNumber != old.Number || next.Supersedes != old.ID || next.Revision != 2 {
		t.Fatalf("successor format %d, supersedes %s %q, revision %d", next.Format, next.Supersedes, next.SupersedesNumber, next.Revision)
	}
	if err := certification.VerifyCertificate(nrec.Signed, pub); err != nil {
		t.Fatal(err)
	}
	// The study stored again gives the same figure (today's engine adds
	// warnings only).
	if next.KgCO2e != old.KgCO2e || next.StudyID == old.StudyID {
		t.Fatalf("successor %g kgCO2e of study %s, was %g of %s", next.KgCO2e, next.StudyID, old.KgCO2e, old.StudyID)
	}
	set, err := fs.FindFactorSetByVersion(ctx, next.FactorSet)
	if err != nil || next.FactorSetDigest != set.Digest {
		t.Fatalf("factor-set digest %s, set %+v (%v)", next.FactorSetDigest, set, err)
	}
	if again, err := certs.FindCertificateByID(ctx, id); err != nil || !bytes.Equal(again.Signed.Content, rec.Signed.Content) || again.Status != certification.CertificateSuperseded {
		t.Fatalf("the old certificate after its successor: %v %s", err, again.Status)
	}
}

// Ensure a certificate issued on a study that uses a supplier's PACT
// footprint ("pact:<id>", issue 11 "In") records it in the supplier list
// its suppliers digest commits to: the footprint's id, spec version,
// version, supplier, product, unit and figure, as the stored document gave
// them to the calculation; it is not a downstream supplier certificate.
func TestCertificationService_IssueCertificate_SignsPACTSupplier(t *testing.T) {
	ctx, s := mustStart(t)
	const id = "5b0c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	// A PACT 2 footprint of a junction box, 4.2 kgCO2e per kilogram
	// (test data for a fictitious supplier), in its version 3.
	doc := pactDocV2(id, 3, "4.2")
	// Stored by the study's owner: a footprint is its storer's only.
	maker := access.NewContextWithPrincipal(ctx, &access.Principal{Org: orgMaker2, Role: access.RoleManufacturer})
	if _, _, err := s.certs.SaveSupplierFootprint(maker, doc, ""); err != nil {
		t.Fatal(err)
	}
	st := s.MustCreateStudy(t, orgMaker2, "GEC-PACT-1", func(st *footprint.Study) {
		st.BOM = append(st.BOM, &footprint.BOMLine{Name: "junction box", Quantity: 0.2, Unit: footprint.MustParseUnit("kg"), Stage: "A1", Supplier: "pact:" + id})
	})
	rec := s.mustIssueStudy(t, st.ID, orgMaker2)
	c := rec.Certificate()
	if c.Format != 7 || len(rec.SupplierList) != 1 || len(rec.Suppliers) != 0 {
		t.Fatalf("format %d, supplier list %+v, downstream suppliers %v", c.Format, rec.SupplierList, rec.Suppliers)
	}
	got := rec.SupplierList[0]
	if !got.IsPACT() || got.Ref != "pact:"+id || got.ID.String() != id || got.SpecVersion != "2.3.0" || got.Version != 3 ||
		got.Supplier != "Supplier AG" || got.Product != "JB-1 junction box" || got.Unit != "kg" || got.KgCO2e != 4.2 {
		t.Fatalf("PACT supplier %+v", got)
	}
	d, err := certification.SuppliersDigest(factordb.StoredStudyDocument(s.db, c.StudyID), rec.SupplierList)
	if err != nil || d != c.SuppliersDigest {
		t.Fatalf("suppliers digest %s, signed %s (%v)", d, c.SuppliersDigest, err)
	}
	// The same footprint in another version is not what was signed.
	other := slices.Clone(rec.SupplierList)
	other[0].Version = 4
	if d, err := certification.SuppliersDigest(factordb.StoredStudyDocument(s.db, c.StudyID), other); err != nil || d == c.SuppliersDigest {
		t.Fatalf("another version: digest %s (%v), the signed one", d, err)
	}
	if bytes.Contains(rec.Signed.Content, []byte(id)) {
		t.Fatal("the signed (public) content names the supplier's PACT footprint")
	}
}

// gtinA is a GTIN-14 with a correct GS1 check digit (2).
const gtinA = "06901234567892"

// mustGTINStudy stores a demo study of owner (claiming serial) with GTIN
// gtin.
func (s *services) mustGTINStudy(tb testing.TB, owner, serial, gtin string) *footprint.Study {
	tb.Helper()
	return s.MustCreateStudy(tb, owner, serial, func(st *footprint.Study) { st.Product.GTIN = gtin })
}

// wantGTINConflict fails unless err is ECONFLICT naming product.gtin and
// the certificate number, in a message in Chinese and English (users read
// it in the API's answer and the web workbench).
func wantGTINConflict(tb testing.TB, what string, err error, number string) {
	tb.Helper()
	msg := footprint.ErrorMessage(err)
	if footprint.ErrorCode(err) != footprint.ECONFLICT || footprint.ErrorField(err) != "product.gtin" || !strings.Contains(msg, number) ||
		!strings.Contains(msg, "另一持证方") || !strings.Contains(msg, "another holder") {
		tb.Fatalf("%s: %v, want ECONFLICT naming product.gtin and %s in Chinese and English", what, err, number)
	}
}

// Ensure a GTIN with a wrong GS1 check digit is refused when applying. A
// study could carry any 8, 12, 13 or 14 digits: a mistyped or invented
// GTIN was certified and printed, naming another product or none.
func TestRedteam6_GTINCheckDigitAtApplication(t *testing.T) {
	s := MustOpenWithOrgs(t)
	st := s.mustGTINStudy(t, orgMaker, "GEC-GTIN-D", "06901234567893")
	_, err := s.apply(context.Background(), orgMaker, st.ID, uuid.Nil)
	if footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != "product.gtin" {
		t.Fatalf("applied: %v, want EINVALID naming product.gtin", err)
	}
}

// Ensure a GTIN on a standing certificate of one holder is refused to
// another, when applying and when issuing. Manufacturer B certified its
// product under manufacturer A's GTIN, so that whoever looked the GTIN up
// (a buyer, a regulator, a PACT productIds filter) found B's footprint
// presented as A's product. The holder's own reissue and new studies stay
// allowed, and a withdrawn certificate holds the GTIN no longer.
func TestRedteam6_GTINOfAnotherHolder(t *testing.T) {
	ctx, s := mustStart(t)
	// B applies first, while A has no certificate yet.
	early := s.mustGTINStudy(t, orgMaker2, "GEC-GTIN-E", gtinA)
	pending, err := s.apply(ctx, orgMaker2, early.ID, uuid.Nil)
	if err != nil {
		t.Fatal(err)
	}
	a := s.mustIssueStudy(t, s.mustGTINStudy(t, orgMaker, "GEC-GTIN-A", gtinA).ID, orgMaker)
	number := a.Certificate().Number

	_, err = s.certs.IssueCertificate(ctx, pending.ID, issueReq)
	wantGTINConflict(t, "issued to B", err, number)
	for _, gtin := range []string{gtinA, "6901234567892"} { // the same GTIN as GTIN-13
		b := s.mustGTINStudy(t, orgMaker2, "GEC-GTIN-B"+gtin[:1], gtin)
		_, err := s.apply(ctx, orgMaker2, b.ID, uuid.Nil)
		wantGTINConflict(t, "B applied with "+gtin, err, number)
	}

	// A's own: a new revision, and another study of the product, which
	// supersedes it: issued beside it at the same body, it made two valid
	// certificates of one GTIN (red team 68). Applied for without naming
	// a2, its issue is refused, nothing written; naming a2, it is issued.
	a2 := s.MustSupersede(t, a)
	other := s.mustGTINStudy(t, orgMaker, "GEC-GTIN-A2", gtinA)
	beside, err := s.apply(ctx, orgMaker, other.ID, uuid.Nil)
	if err != nil {
		t.Fatal(err)
	}
	before := s.auditCount(t)
	_, err = s.certs.IssueCertificate(ctx, beside.ID, issueReq)
	if msg := footprint.ErrorMessage(err); footprint.ErrorCode(err) != footprint.ECONFLICT || footprint.ErrorField(err) != "supersedes" ||
		!strings.Contains(msg, a2.Certificate().Number) || !strings.Contains(msg, "同一 GTIN") || !strings.Contains(msg, "one GTIN is one trade item") {
		t.Fatalf("another study of the product issued beside %s at its own body: %v, want ECONFLICT naming supersedes and %s in Chinese and English", a2.Certificate().Number, err, a2.Certificate().Number)
	}
	if got, _ := s.certs.FindApplicationByID(ctx, beside.ID); got.Status != certification.ApplicationPending || s.auditCount(t) != before {
		t.Fatalf("refused, and the application is %s, the trail %d → %d events", got.Status, before, s.auditCount(t))
	}
	if _, err := s.certs.RejectApplication(ctx, beside.ID, []string{"apply naming " + a2.Certificate().Number}); err != nil {
		t.Fatal(err)
	}
	a3 := s.mustIssueApp(t, &certification.Application{StudyID: other.ID, Manufacturer: orgMaker, Certifier: orgCertifier, Supersedes: a2.Certificate().ID})

	// Once A's certificates no longer stand, B may.
	withdraw := func(rec *certification.CertificateRecord) {
		s.mustSetStatus(t, ctx, rec.Certificate().ID, certification.CertificateWithdrawn, "test")
	}
	withdraw(a2)
	_, err = s.apply(ctx, orgMaker2, s.mustGTINStudy(t, orgMaker2, "GEC-GTIN-W", gtinA).ID, uuid.Nil)
	wantGTINConflict(t, "B applied, one of A's withdrawn", err, a3.Certificate().Number)
	withdraw(a3)
	b := s.mustGTINStudy(t, orgMaker2, "GEC-GTIN-C", gtinA)
	s.mustIssueStudy(t, b.ID, orgMaker2)
}

// Ensure a database written before the GTIN index gets it at Open: the
// certificates already issued hold their GTINs.
func TestRedteam6_GTINIndexMigrated(t *testing.T) {
	s := MustOpenWithOrgs(t)
	a := s.mustIssueStudy(t, s.mustGTINStudy(t, orgMaker, "GEC-GTIN-M", gtinA).ID, orgMaker)
	mustRun(t, s.db, factordb.DropCertificateGTINs)
	mustRun(t, s.db, factordb.Init) // what Open does
	b := s.mustGTINStudy(t, orgMaker2, "GEC-GTIN-N", gtinA)
	_, err := s.apply(context.Background(), orgMaker2, b.ID, uuid.Nil)
	wantGTINConflict(t, "B applied after migration", err, a.Certificate().Number)
}

// Ensure CheckCertificateIndexes checks the GTIN index both ways: an entry
// missing, under another GTIN, with another holder or naming no
// certificate is reported (it checked the filter indexes only, so a
// corrupt GTIN index, which decides who may certify a GTIN, went unseen),
// by DB.Check too.
func TestCheckCertificateIndexes_GTIN(t *testing.T) {
	s := MustOpenWithOrgs(t)
	c := s.mustIssueStudy(t, s.mustGTINStudy(t, orgMaker, "GEC-GTIN-I", gtinA).ID, orgMaker).Certificate()
	mustRun(t, s.db, factordb.CheckCertificateIndexes)
	for _, tt := range []struct {
		name         string
		gtin, holder string
		id           uuid.UUID
	}{
		{"missing", gtinA, "", c.ID},
		{"another GTIN", "4006381333931", orgMaker, c.ID},
		{"another holder", gtinA, orgMaker2, c.ID},
		{"no certificate", gtinA, orgMaker, uuid.New()},
	} {
		if err := factordb.SetCertificateGTIN(s.db, tt.gtin, tt.id, tt.holder); err != nil {
			t.Fatal(err)
		}
		if err := factordb.CheckCertificateIndexes(s.db); err == nil {
			t.Errorf("%s: the corrupt GTIN index passed the check", tt.name)
		}
		// So does DB.Check (pcf audit verify --db), naming the bucket: it
		// compared no index with its records before session 44.
		if err := s.db.Check(); err == nil || !strings.Contains(err.Error(), "certificate_gtins") {
			t.Errorf("%s: DB.Check of the corrupt GTIN index: %v, want it named", tt.name, err)
		}
		// Undo: remove the entry written, put back the certificate's own.
		if err := factordb.SetCertificateGTIN(s.db, tt.gtin, tt.id, ""); err != nil {
			t.Fatal(err)
		}
		if err := factordb.SetCertificateGTIN(s.db, gtinA, c.ID, orgMaker); err != nil {
			t.Fatal(err)
		}
		if err := factordb.CheckCertificateIndexes(s.db); err != nil {
			t.Fatalf("after %s, undone: %v", tt.name, err)
		}
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
	ctx, s := mustStart(t)
	// Every code is a PV module's (the pv-module rule covers HS:854143):
	// national eight-digit extensions give the prefixes to tell apart.
	codes := [][]string{{"HS:854143"}, {"HS:85414310"}, {"HS:85414390"}, {"HS:854143", "HS:85414390"}, {"HS:854143"}, {"HS:85414310"}, {"HS:854143"}, {"HS:85414390"}}
	var recs []*certification.CertificateRecord
	for i, cs := range codes {
		owner := []string{orgMaker, orgMaker2}[i%2]
		st := demoStudy(t, owner, fmt.Sprintf("PCF-CIDX-%03d", i))
		st.Product.ProductCodes = footprinttest.ProductCodes(t, cs...)
		if _, err := s.studies.CreateStudy(ctx, st); err != nil {
			t.Fatal(err)
		}
		rec := s.mustIssueStudy(t, st.ID, owner)
		recs = append(recs, rec)
	}
	str := func(v string) *string { return &v }
	stp := func(v certification.CertificateStatus) *certification.CertificateStatus { return &v }
	figure := func(r *certification.CertificateRecord, k float64) *float64 {
		x, _ := r.Certificate().Figure()
		x *= k
		return &x
	}
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
		{Figure: figure(recs[0], 1)},
		{Figure: figure(recs[0], 1.0099)}, // within 1 % of the larger
		{Figure: figure(recs[0], 0.9901)},
		{Figure: figure(recs[0], 1.02)},
		{Figure: figure(recs[0], 0.98)},
		{Figure: figure(recs[0], 1), Status: stp(certification.CertificateWithdrawn)},
		{Figure: figure(recs[0], 0)},
	}
	if got := listNumbers(t, s.certs.FindCertificates, certification.CertificateFilter{Figure: figure(recs[0], 1.0099)}); !slices.Contains(got, recs[0].Certificate().Number) {
		t.Fatalf("figure of %s +0.99 %%: %v", recs[0].Certificate().Number, got)
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
	s.mustSetStatus(t, ctx, recs[0].Certificate().ID, certification.CertificateSuspended, "audit pending")
	s.mustSetStatus(t, ctx, recs[1].Certificate().ID, certification.CertificateWithdrawn, "fraud")
	s.mustSetStatus(t, ctx, recs[2].Certificate().ID, certification.CertificateSuspended, "audit pending")
	s.mustSetStatus(t, ctx, recs[2].Certificate().ID, certification.CertificateValid, "audit passed")
	s.MustSupersede(t, recs[4])
	compare("after status changes")
	for _, st := range []certification.CertificateStatus{certification.CertificateSuspended, certification.CertificateWithdrawn, certification.CertificateSuperseded} {
		if got := listNumbers(t, s.certs.FindCertificates, certification.CertificateFilter{Status: stp(st)}); len(got) != 2 {
			t.Fatalf("status %s: %v, want one certificate", st, got)
		}
	}

	// An existing database without the indexes gets them at Open.
	mustRun(t, s.db, factordb.DropCertificateFilterIndexes)
	if got := listNumbers(t, s.certs.FindCertificates, certification.CertificateFilter{ProductCode: str("8541")}); len(got) != 1 {
		t.Fatalf("indexes not dropped: %v", got)
	}
	mustRun(t, s.db, factordb.Init)
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
		if err := factordb.LoadCertificateCopies(s.db, n, rec.Certificate().ID, true); err != nil {
			b.Fatal(err)
		}
		for _, q := range []struct {
			name, code string
			want       int
		}{{"rare", "HS:854143", 1}, {"absent", "999999", 0}} {
			b.Run(fmt.Sprintf("code=%s/certificates=%d", q.name, n), func(b *testing.B) {
				f := certification.CertificateFilter{ProductCode: &q.code, ProductCodeExact: true, Limit: 50}
				loopCounted(b, "certificates", q.want, func() (int, error) {
					page, _, err := s.certs.FindCertificates(context.Background(), f)
					return len(page), err
				})
			})
		}
	}
}

// Ensure a flag names the changed certificate and the supplier it reaches a
// certificate through, and that no certificate is issued on a flagged
// supplier until its certifier acts (docs/integrity.md §12).
func TestCertificationService_FlagsDownTheChain(t *testing.T) {
	ctx, s := mustStart(t)
	sup := s.MustIssue(t, "GEC-FC-1").Certificate()
	mid := s.MustIssueBuyer(t, "GEC-FC-2", sup.Number).Certificate()
	top := s.MustIssueBuyer(t, "GEC-FC-3", mid.Number).Certificate()
	app := s.mustApplyBuyer(t, "GEC-FC-4", mid.Number)
	s.mustSetStatus(t, ctx, sup.ID, certification.CertificateSuspended, "audit")
	if f := mustFindCertificate(t, s, mid.ID).SupplierFlags; len(f) != 1 || f[0].Certificate != sup.ID || f[0].Via != "" {
		t.Fatalf("direct flags %+v", f)
	}
	if f := mustFindCertificate(t, s, top.ID).SupplierFlags; len(f) != 1 || f[0].Certificate != sup.ID || f[0].Via != mid.Number || f[0].Status != certification.CertificateSuspended {
		t.Fatalf("two levels down: flags %+v, want %s via %s", f, sup.Number, mid.Number)
	}
	_, err := s.certs.IssueCertificate(ctx, app.ID, issueReq)
	if footprint.ErrorCode(err) != footprint.ECONFLICT || footprint.ErrorField(err) != "suppliers" || !strings.Contains(footprint.ErrorMessage(err), mid.Number) {
		t.Fatalf("issue on flagged %s: %v, want a conflict naming suppliers", mid.Number, err)
	}
	// Its certifier reviews it and lets it stand: the issue goes through.
	if _, err := s.certs.ReviewCertificate(ctx, mid.ID, "the supplier's suspension does not affect the figure"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.certs.IssueCertificate(ctx, app.ID, issueReq); err != nil {
		t.Fatal(err)
	}
}

// Ensure a flag travels down the whole supply chain. When a supplier
// certificate is withdrawn, the certificates issued on it are flagged
// (their status stays valid until their certifier acts), but:
//   - a new certificate can be issued on a flagged certificate: the issue
//     checks only that the supplier is valid, the certifier's review shows
//     it as "valid" without its flag, and the new certificate is born
//     without a flag although its figure rests on the withdrawn one;
//   - a certificate issued on a flagged certificate before the withdrawal
//     is not flagged at all (only one level down is).
func TestRedteam_SupplierFlagsAreTransitive(t *testing.T) {
	t.Run("IssuedOnAFlaggedSupplier", func(t *testing.T) {
		ctx, s := mustStart(t)
		sup := s.MustIssue(t, "GEC-RT-SC-1").Certificate()
		mid := s.MustIssueBuyer(t, "GEC-RT-SC-2", sup.Number).Certificate()
		app := s.mustApplyBuyer(t, "GEC-RT-SC-3", mid.Number)
		s.mustSetStatus(t, ctx, sup.ID, certification.CertificateWithdrawn, "data falsified")
		if f := mustFindCertificate(t, s, mid.ID).SupplierFlags; len(f) != 1 {
			t.Fatalf("mid flags %+v", f)
		}
		rec, err := s.certs.IssueCertificate(ctx, app.ID, issueReq)
		if err == nil && len(rec.SupplierFlags) == 0 {
			t.Fatalf("certificate %s issued on flagged supplier %s (its supplier %s withdrawn) without a flag", rec.Certificate().Number, mid.Number, sup.Number)
		}
	})

	t.Run("TwoLevelsDown", func(t *testing.T) {
		ctx, s := mustStart(t)
		sup := s.MustIssue(t, "GEC-RT-SC-1").Certificate()
		mid := s.MustIssueBuyer(t, "GEC-RT-SC-2", sup.Number).Certificate()
		top := s.MustIssueBuyer(t, "GEC-RT-SC-3", mid.Number).Certificate()
		s.mustSetStatus(t, ctx, sup.ID, certification.CertificateWithdrawn, "data falsified")
		for _, id := range []uuid.UUID{mid.ID, top.ID} {
			if f := mustFindCertificate(t, s, id).SupplierFlags; len(f) == 0 {
				t.Errorf("certificate %s rests on withdrawn %s but is not flagged", id, sup.Number)
			}
		}
	})
}

// FindCertificateByID keeps what it decoded for the next read of the same
// stored record, and decodes again whatever changed in the store: the
// status (through the service, or rewritten behind its back) and even the
// signed content.
func TestCertificationService_FindCertificateByID_Cache(t *testing.T) {
	ctx, s := mustStart(t)
	a, b := s.MustIssue(t, "GEC-CACHE-1"), s.MustIssue(t, "GEC-CACHE-2")
	id := a.Certificate().ID
	find := func() *certification.CertificateRecord {
		t.Helper()
		rec, err := s.certs.FindCertificateByID(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return rec
	}
	first, again := find(), find()
	if first.Certificate() != again.Certificate() {
		t.Fatal("the unchanged record was decoded again")
	}
	if !reflect.DeepEqual(first, again) || !reflect.DeepEqual(first.Certificate(), a.Certificate()) || first.Status != certification.CertificateValid {
		t.Fatalf("cached read differs:\n%+v\n%+v", first, again)
	}
	// The record a caller gets is its own.
	again.Signed.Content[0] = 'X'
	again.Status = certification.CertificateWithdrawn
	if got := find(); got.Signed.Content[0] == 'X' || got.Status != certification.CertificateValid {
		t.Fatal("a caller's change reached the cache")
	}

	s.mustSetStatus(t, ctx, id, certification.CertificateSuspended, "audit")
	if got := find(); got.Status != certification.CertificateSuspended || got.StatusReason != "audit" {
		t.Fatalf("after suspension: %s %q", got.Status, got.StatusReason)
	}
	if err := factordb.EditCertificateRecord(s.db, id, func(m map[string]any) { m["status_reason"] = "edited" }); err != nil {
		t.Fatal(err)
	}
	if got := find(); got.StatusReason != "edited" {
		t.Fatalf("record edited in the store, read %q", got.StatusReason)
	}
	// Another certificate's signed content under this ID: decoded afresh,
	// and refused as not this certificate's (red team 52).
	if err := factordb.EditCertificateRecord(s.db, id, func(m map[string]any) { m["content"] = b.Signed.Content }); err != nil {
		t.Fatal(err)
	}
	if got, err := s.certs.FindCertificateByID(ctx, id); footprint.ErrorCode(err) != footprint.ECONFLICT || footprint.ErrorField(err) != "signature" {
		t.Fatalf("content replaced in the store (%s's), read %v (%v), want it refused as failing the service's check", b.Certificate().Number, got, err)
	}
	// The reason as its event gave it and its own content, for Check at
	// cleanup, which names a reason changed with no event
	// (TestDB_CheckAuditRecords) and indexes that are not the record's.
	if err := factordb.EditCertificateRecord(s.db, id, func(m map[string]any) { m["status_reason"], m["content"] = "audit", a.Signed.Content }); err != nil {
		t.Fatal(err)
	}
}

// Ensure CountCertificates counts the certificates by their status at a
// time from the indexes alone, as reading every certificate does (/metrics
// counted by reading every one: at a million it took minutes, past the
// scrape's timeout), the expired derived from the validity of valid and
// suspended ones; that a file written before the expiry index gets it at
// Open; and that CheckCertificateIndexes covers it.
func TestCertificationService_CountCertificates(t *testing.T) {
	s := MustOpenWithOrgs(t)
	ctx := context.Background()
	a := s.MustIssue(t, "GEC-COUNT-A")
	b := s.MustIssue(t, "GEC-COUNT-B").Certificate().ID
	c := s.MustIssue(t, "GEC-COUNT-C").Certificate().ID
	s.MustIssue(t, "GEC-COUNT-D")
	s.MustSupersede(t, a)
	for id, to := range map[uuid.UUID]certification.CertificateStatus{b: certification.CertificateSuspended, c: certification.CertificateWithdrawn} {
		s.mustSetStatus(t, ctx, id, to, "test")
	}
	read := func(now time.Time) map[certification.CertificateStatus]int {
		out := map[certification.CertificateStatus]int{}
		for cursor := ""; ; {
			page, next, err := s.certs.FindCertificates(ctx, certification.CertificateFilter{Cursor: cursor, Limit: 2})
			if err != nil {
				t.Fatal(err)
			}
			for _, rec := range page {
				out[rec.Certificate().StatusAt(rec.Status, now)]++
			}
			if cursor = next; cursor == "" {
				return out
			}
		}
	}
	check := func(when string) {
		t.Helper()
		exp := a.Certificate().ExpiresAt
		for _, now := range []time.Time{a.Certificate().IssuedAt, exp.Add(-time.Second), exp, exp.Add(2 * time.Second), exp.AddDate(1, 0, 0)} {
			got, err := s.certs.CountCertificates(ctx, now)
			if err != nil {
				t.Fatal(err)
			}
			maps.DeleteFunc(got, func(_ certification.CertificateStatus, n int) bool { return n == 0 })
			if want := read(now); !maps.Equal(got, want) {
				t.Errorf("%s, at %s: counted %v, want %v", when, now, got, want)
			}
		}
	}
	check("written")
	mustRun(t, s.db, factordb.CheckCertificateIndexes)
	mustRun(t, s.db, factordb.DropCertificateExpiries)
	if err := factordb.CheckCertificateIndexes(s.db); err == nil {
		t.Error("CheckCertificateIndexes passed an empty expiry index")
	}
	mustRun(t, s.db, factordb.Init) // what Open does
	check("migrated")
}

// Attack (a holder's name written so that a search by company misses it,
// red team 47): the regulator lists certificates by company ("company",
// a part of a holder or manufacturer name). The list compared the
// lower-cased name with the lower-cased query, so a manufacturer whose
// certificates name it in full-width letters ("ＳＵＮＲＩＳＥ"), with its
// words run together or spaced otherwise, or in traditional characters
// (電子) was not listed for "Sunrise Solar" or "电子", although its
// certificates print that name; the organisation names it registers are
// compared in that folded form.
//
// A correct service finds it by any spelling that prints the same
// letters, in a database written before (its index is built again at
// Open), and refuses a company with no letter or digit (400 naming
// company) instead of listing every certificate.
func TestRedteam47_CompanyWrittenOtherwise(t *testing.T) {
	ctx, s := mustStart(t)
	st := s.MustCreateStudy(t, orgMaker2, "GEC-RT47-C", func(st *footprint.Study) {
		st.Product.Manufacturer = "ＳＵＮＲＩＳＥ　Ｓｏｌａｒ-Tech 日昇電子有限公司"
	})
	hidden := s.mustIssueStudy(t, st.ID, orgMaker2).Certificate().Number
	plain := s.MustIssue(t, "GEC-RT47-P").Certificate().Number
	find := func(stage, company string, want ...string) {
		t.Helper()
		for _, scan := range []bool{false, true} {
			list := s.certs.FindCertificates
			if scan {
				list = s.certs.FindCertificatesScan
			}
			recs, _, err := list(ctx, certification.CertificateFilter{Company: &company})
			if got := numbers(recs); err != nil || !slices.Equal(got, want) && len(got)+len(want) > 0 {
				t.Errorf("%s: company %q (scan %v): %v %v, want %v", stage, company, scan, got, err, want)
			}
		}
	}
	check := func(stage string) {
		t.Helper()
		for _, q := range []string{"Sunrise Solar", "sunrise solar tech", "SUNRISE SOLARTECH", "sunrise-solar", "日昇电子", "電子"} {
			find(stage, q, hidden)
		}
		find(stage, "Demo Module", plain) // the organisation of the other
		find(stage, "Cor")                // no name holds it
	}
	check("issued")
	mustRun(t, s.db, factordb.LowerCaseCertificateCompanies)
	mustRun(t, s.db, factordb.Init)
	check("a file written before, opened again")
	mustRun(t, s.db, factordb.CheckCertificateIndexes)
	for _, q := range []string{"-", " . ", "（）"} {
		_, _, err := s.certs.FindCertificates(ctx, certification.CertificateFilter{Company: &q})
		if footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != "company" {
			t.Errorf("company %q: %v (field %q), want EINVALID naming company", q, err, footprint.ErrorField(err))
		}
	}
}

// Ensure no certificate is signed on a supplier certificate whose record
// fails the service's own signature check (red team 49). Whoever can write
// the file (the operator, a restored or edited copy) lowered a supplier
// certificate's figure in its stored content and left its signature: the
// supplier's verification called it "签名未通过验证 Signature not
// verified", but a buyer's study read the lowered figure, and the
// buyer's certification body issued on it a certificate signed with the
// service's key, which verifies offline and online as plainly valid. The
// edit, which no signature covered, was laundered into one that does.
// (A lowered figure is refused at the buyer's study since red team 52; the
// edit here leaves the figures, so only the issue's check is left.)
func TestRedteam49_SupplierRecordEditedUnderItsSignature(t *testing.T) {
	ctx, s := mustStart(t)
	sup := s.MustIssue(t, "GEC-RT49-SUP")
	// The buyer's study stored before the edit, whose figures the edit
	// leaves (a study calculated on an edited record is refused since red
	// team 52: TestRedteam52_EditedSupplierRecordReachesAPreview): the
	// supplier's expiry moved on by a year.
	app := s.mustApplyBuyer(t, "GEC-RT49-BUY", sup.Certificate().Number)
	edited := *sup.Certificate()
	edited.ExpiresAt = edited.ExpiresAt.AddDate(1, 0, 0)
	content, err := edited.MarshalCanonical()
	if err != nil {
		t.Fatal(err)
	}
	if err := factordb.EditCertificateRecord(s.db, edited.ID, func(m map[string]any) { m["content"] = content }); err != nil {
		t.Fatal(err)
	}
	rec, err := s.certs.IssueCertificate(ctx, app.ID, issueReq)
	if err == nil {
		t.Fatalf("issued %s on supplier %s whose stored expiry was moved under its signature to %s (signed: %s)",
			rec.Certificate().Number, edited.Number, edited.ExpiresAt, sup.Certificate().ExpiresAt)
	}
	assertCode(t, err, footprint.ECONFLICT)
	if msg := footprint.ErrorMessage(err); footprint.ErrorField(err) != "suppliers" || !strings.Contains(msg, edited.Number) || !strings.Contains(msg, "签名未通过验证") {
		t.Fatalf("issue on an edited supplier record: %s (field %q), want the supplier named, in both languages", msg, footprint.ErrorField(err))
	}
	// Put back as signed, for Check at cleanup.
	if err := factordb.EditCertificateRecord(s.db, edited.ID, func(m map[string]any) { m["content"] = sup.Signed.Content }); err != nil {
		t.Fatal(err)
	}
}

// A certificate superseded while valid records when (SupersededAt), and
// keeps it when its certifier withdraws it later: its PACT footprint stays
// the superseded one (a Deprecated footprint never changes). One withdrawn
// first and then continued by a new certificate has none. A file written
// before the time was recorded has it set at Open from the trail, with
// the PACT index entries of the footprint served; Check refuses a time
// set in the file with no event (it would hide a withdrawal from PACT
// partners).
func TestSupersededAt_KeptThroughAWithdrawal(t *testing.T) {
	ctx, s := mustStart(t)
	first := s.MustIssue(t, demoSerial).Certificate()
	next := s.MustCreateModelStudy(t, orgMaker, "GEC-SA-2")
	successor := s.mustIssueApp(t, &certification.Application{StudyID: next.ID, Manufacturer: orgMaker, Certifier: orgCertifier, Supersedes: first.ID}).Certificate()
	s.mustSetStatus(t, ctx, first.ID, certification.CertificateWithdrawn, "falsified data")

	early := s.MustCreateStudy(t, orgMaker, "GEC-SA-3") // another model
	withdrawn := s.mustIssueApp(t, &certification.Application{StudyID: early.ID, Manufacturer: orgMaker, Certifier: orgCertifier}).Certificate()
	s.mustSetStatus(t, ctx, withdrawn.ID, certification.CertificateWithdrawn, "fraud")
	later := s.MustCreateStudy(t, orgMaker, "GEC-SA-4", func(st *footprint.Study) { st.Product.Model = early.Product.Model })
	s.mustIssueApp(t, &certification.Application{StudyID: later.ID, Manufacturer: orgMaker, Certifier: orgCertifier, Supersedes: withdrawn.ID})

	check := func(when string) {
		t.Helper()
		got := mustFindCertificate(t, s, first.ID)
		if got.Status != certification.CertificateWithdrawn || !got.SupersededAt.Equal(successor.IssuedAt) {
			t.Errorf("%s: superseded, then withdrawn: %s, superseded at %v, want %v", when, got.Status, got.SupersededAt, successor.IssuedAt)
		}
		if got := mustFindCertificate(t, s, withdrawn.ID); got.SupersededBy == [16]byte{} || !got.SupersededAt.IsZero() {
			t.Errorf("%s: withdrawn, then continued: superseded by %s at %v, want no time", when, got.SupersededBy, got.SupersededAt)
		}
		if err := factordb.CheckPACTFootprintIndex(s.db); err != nil {
			t.Errorf("%s: %v", when, err)
		}
		if err := s.db.Check(); err != nil {
			t.Errorf("%s: %v", when, err)
		}
	}
	check("as written")

	mustRun(t, s.db, factordb.ForgetSupersededAt)
	if got := mustFindCertificate(t, s, first.ID); !got.SupersededAt.IsZero() {
		t.Fatalf("forgotten: %v", got.SupersededAt)
	}
	mustRun(t, s.db, factordb.Init)
	check("set at Open")

	// A time set in the file, with no event, is found by Check.
	if err := factordb.EditRecord(s.db, "certificates", withdrawn.ID[:], func(m map[string]any) {
		m["superseded_at"] = withdrawn.IssuedAt.Add(time.Hour).Format(time.RFC3339Nano)
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.db.Check(); err == nil {
		t.Error("Check passes a superseded_at written into the file")
	}
	if err := factordb.EditRecord(s.db, "certificates", withdrawn.ID[:], func(m map[string]any) { delete(m, "superseded_at") }); err != nil {
		t.Fatal(err)
	}
}

// lowerTenfold returns c with every figure of its content a tenth, so that
// it is still a certificate (red team 49's edit of a stored record).
func lowerTenfold(c *certification.Certificate) certification.Certificate {
	edited := *c
	edited.KgCO2e /= 10
	edited.Stages = slices.Clone(edited.Stages)
	for i := range edited.Stages {
		edited.Stages[i].KgCO2e /= 10
	}
	edited.PerUnit = slices.Clone(edited.PerUnit)
	for i := range edited.PerUnit {
		edited.PerUnit[i].KgCO2e /= 10
	}
	edited.Factors = slices.Clone(edited.Factors)
	for i := range edited.Factors {
		edited.Factors[i].KgCO2e /= 10
	}
	for _, p := range []**float64{&edited.FossilKgCO2e, &edited.BiogenicKgCO2e} {
		if *p != nil {
			v := **p / 10
			*p = &v
		}
	}
	if u := edited.Uncertainty; u != nil {
		v := *u
		v.LowKgCO2e, v.MedianKgCO2e, v.HighKgCO2e = v.LowKgCO2e/10, v.MedianKgCO2e/10, v.HighKgCO2e/10
		edited.Uncertainty = &v
	}
	return edited
}

// Ensure a supplier certificate whose stored record fails the service's own
// signature check carries no figure into a study (red team 52, red team
// 49's open item). Whoever can write the file lowered a supplier
// certificate's figures to a tenth under its signature: its verification
// said "签名未通过验证", and the issue refused it (red team 49), but a
// buyer's study was calculated, stored and previewed on the lowered figure
// as if it were sound, with no word of it: the buyer's own figure, shown
// to its customers as a preview, was a tenth of the supplier's part.
func TestRedteam52_EditedSupplierRecordReachesAPreview(t *testing.T) {
	ctx, s := mustStart(t)
	sup := s.MustIssue(t, "GEC-RT52-SUP")
	edited := lowerTenfold(sup.Certificate())
	editContentUnderSignature(t, s, sup, edited)
	want := func(what string, err error) {
		t.Helper()
		assertCode(t, err, footprint.ECONFLICT)
		msg := footprint.ErrorMessage(err)
		if !strings.Contains(msg, edited.Number) || !strings.Contains(msg, "签名未通过验证") || !strings.Contains(msg, "signature") {
			t.Errorf("%s: %s, want the supplier certificate named as failing its signature check, in both languages", what, msg)
		}
		if what != "lookup" && !strings.HasSuffix(footprint.ErrorField(err), ".supplier") {
			t.Errorf("%s: field %q, want the BOM line naming the supplier", what, footprint.ErrorField(err))
		}
	}
	for _, ref := range []string{edited.Number, edited.ID.String()} {
		st := demoStudy(t, orgMaker2, "GEC-RT52-BUY")
		st.BOM = append(st.BOM, &footprint.BOMLine{Name: "supplied junction box", Quantity: 1, Unit: footprint.MustParseUnit("piece"), Stage: "A1", Supplier: ref})
		res, err := s.studies.CalculateStudy(ctx, st)
		if err == nil {
			t.Fatalf("preview on %s edited under its signature: %g kgCO2e, the lowered figure taken as sound", ref, res.KgCO2e)
		}
		want("preview", err)
		_, err = s.studies.CreateStudy(ctx, st)
		want("store", err)
		_, err = s.certs.FindSupplierFootprints(ctx, []string{ref})
		want("lookup", err)
	}
}

// Ensure no certificate is issued on a supplier certificate whose signed
// validity has ended, whatever its stored record says of its expiry (red
// team 52). The issue judged a supplier's expiry by the record's own
// expires_at, a copy kept for the indexes, which no signature covers:
// whoever can write the file moved it on by ten years, and a buyer's
// study, applied for while the supplier was valid, was certified after the
// supplier expired, on a figure its certificate no longer vouches for. Its
// content, and so its signature, were left as they were.
func TestRedteam52_SupplierExpiryEditedOutsideItsSignature(t *testing.T) {
	ctx, s := mustStart(t)
	sup := s.MustIssue(t, "GEC-RT52-EXP")
	c := sup.Certificate()
	app := s.mustApplyBuyer(t, "GEC-RT52-EXB", c.Number)
	if err := factordb.EditCertificateRecord(s.db, c.ID, func(m map[string]any) {
		m["expires_at"] = c.ExpiresAt.AddDate(10, 0, 0).UTC().Format(time.RFC3339Nano)
	}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { // put back, for Check at cleanup
		if err := factordb.EditCertificateRecord(s.db, c.ID, func(m map[string]any) { m["expires_at"] = c.ExpiresAt.UTC().Format(time.RFC3339Nano) }); err != nil {
			t.Error(err)
		}
	})
	after := c.ExpiresAt.Add(24 * time.Hour)
	s.db.Now = func() time.Time { return after }
	rec, err := s.certs.IssueCertificate(ctx, app.ID, issueReq)
	if err == nil {
		t.Fatalf("issued %s on %s, whose signed validity ended %s, its record's expiry moved on", rec.Certificate().Number, c.Number, c.ExpiresAt)
	}
	assertCode(t, err, footprint.ECONFLICT)
	if msg := footprint.ErrorMessage(err); footprint.ErrorField(err) != "suppliers" || !strings.Contains(msg, c.Number) || !strings.Contains(msg, "expired") {
		t.Fatalf("issue on an expired supplier: %s (field %q), want the supplier named as expired", msg, footprint.ErrorField(err))
	}
}

// Ensure a certificate's record is found by its ID and number only when its
// signed content is that certificate (red team 52). Whoever can write the
// file put a valid certificate's signed content, signature and key under a
// withdrawn certificate's ID, number left as they were: the label of the
// withdrawn certificate, scanned, opened a page of a certificate whose
// signature verifies, and a study naming the withdrawn certificate's
// number as a supplier took the other's figure under that number. The
// status and its audit trail were left alone, so the trail's check found
// nothing either.
func TestRedteam52_AnotherCertificatesContentUnderAnID(t *testing.T) {
	ctx, s := mustStart(t)
	a := s.MustIssue(t, "GEC-RT52-A")
	b := s.MustIssue(t, "GEC-RT52-B")
	ac, bc := a.Certificate(), b.Certificate()
	s.mustSwapContent(t, a, b)
	log := captureLog(t)
	want := func(what string, rec *certification.CertificateRecord, err error) {
		t.Helper()
		if n := strings.Count(log.String(), "integrity failure"); n != 1 {
			t.Errorf("%s of %s: logged %d integrity failures, want 1:\n%s", what, ac.Number, n, log)
		}
		log.Reset()
		if err == nil {
			t.Errorf("%s of %s: certificate %s (%s), another certificate's content under its ID", what, ac.Number, rec.Certificate().Number, rec.Certificate().ID)
			return
		}
		// Answered as a record failing the signature check is (a 409 on
		// the field signature, "签名未通过验证"), so that the withdrawn
		// certificate's QR code opens a clear answer, not an internal
		// error; logged by the store as the integrity failure it is.
		assertCode(t, err, footprint.ECONFLICT)
		if msg := footprint.ErrorMessage(err); footprint.ErrorField(err) != "signature" || !strings.Contains(msg, "签名未通过验证") || !strings.Contains(msg, "signature not verified") || strings.Contains(msg, bc.Number) {
			t.Errorf("%s of %s: %q (field %q), want field signature, bilingual, not naming the certificate whose content it holds", what, ac.Number, msg, footprint.ErrorField(err))
		}
	}
	rec, err := s.certs.FindCertificateByID(ctx, ac.ID)
	want("lookup by ID", rec, err)
	rec, err = s.certs.FindCertificateByNumber(ctx, ac.Number)
	want("lookup by number", rec, err)
	for _, ref := range []string{ac.Number, ac.ID.String()} {
		rec, err = s.certs.FindCertificateByRef(ctx, ref)
		want("lookup as a supplier reference "+ref, rec, err)
		if sf, err := s.certs.FindSupplierFootprints(ctx, []string{ref}); err == nil {
			t.Errorf("supplier footprint %s: %+v, another certificate's figure", ref, sf[ref])
		}
		log.Reset() // logged too
	}
	// The other is found as itself.
	if rec, err := s.certs.FindCertificateByNumber(ctx, bc.Number); err != nil || rec.Certificate().ID != bc.ID {
		t.Fatalf("lookup of %s: %v", bc.Number, err)
	}
}

// Ensure a reinstatement does not clear a supplier flag raised while the
// certificate was suspended (red team 52). A buyer's certificate was
// suspended for a matter of its own; meanwhile the supplier certificate
// its figure rests on was withdrawn, which flagged it; its certifier then
// reinstated it for the matter it was suspended for, and the reinstatement
// cleared the flag: the certificate read plainly valid again, gave its
// documents and served as a supplier, on withdrawn data nobody reviewed.
// A suspension clears the flags standing when it is made (its certifier
// acted on the certificate as it stood); a reinstatement answers the
// suspension, and a flag raised since waits for a review.
func TestRedteam52_ReinstatementClearsAFlagRaisedWhileSuspended(t *testing.T) {
	ctx, s := mustStart(t)
	sup := s.MustIssue(t, "GEC-RT52-RS").Certificate()
	buyer := s.MustIssueBuyer(t, "GEC-RT52-RB", sup.Number).Certificate()
	s.mustSetStatus(t, ctx, buyer.ID, certification.CertificateSuspended, "surveillance audit: site records incomplete")
	s.mustSetStatus(t, ctx, sup.ID, certification.CertificateWithdrawn, "supplier data falsified")
	rec, err := s.certs.SetCertificateStatus(ctx, buyer.ID, certification.CertificateValid, "site records completed")
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.SupplierFlags) != 1 || rec.SupplierFlags[0].Certificate != sup.ID || rec.SupplierFlags[0].Status != certification.CertificateWithdrawn {
		t.Fatalf("reinstated %s with flags %+v: the withdrawal of its supplier %s while it was suspended is not flagged", buyer.Number, rec.SupplierFlags, sup.Number)
	}
	if _, err := s.certs.ReviewCertificate(ctx, buyer.ID, "the supplier's share re-examined"); err != nil {
		t.Fatalf("the flag is reviewed as any other: %v", err)
	}
}

// editContentUnderSignature puts edited as certificate sup's content in its
// record, leaving its signature (an edit of the file no signature covers),
// and puts the signed content back at cleanup, for Check.
func editContentUnderSignature(t *testing.T, s *services, sup *certification.CertificateRecord, edited certification.Certificate) {
	t.Helper()
	content, err := edited.MarshalCanonical()
	if err != nil {
		t.Fatal(err)
	}
	if err := factordb.EditCertificateRecord(s.db, edited.ID, func(m map[string]any) { m["content"] = content }); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := factordb.EditCertificateRecord(s.db, edited.ID, func(m map[string]any) { m["content"] = sup.Signed.Content }); err != nil {
			t.Error(err)
		}
	})
}

// Ensure a list leaves out a certificate record holding another
// certificate's signed content, and logs it once, as the single lookups
// refuse it (red team 52, TestRedteam52_AnotherCertificatesContentUnderAnID):
// read through the number index, the record was listed as the other
// certificate, which was so listed twice, once with the swapped record's
// status. The rest of the list is given, and a page is as full as it would
// be without it.
func TestRedteam52_ListsLeaveOutAnotherCertificatesContent(t *testing.T) {
	ctx, s := mustStart(t)
	a := s.MustIssue(t, "GEC-RT52-LA")
	b := s.MustIssue(t, "GEC-RT52-LB")
	c := s.MustIssue(t, "GEC-RT52-LC")
	ac, bc := a.Certificate(), b.Certificate()
	s.mustSetStatus(t, ctx, ac.ID, certification.CertificateWithdrawn, "data falsified")
	s.mustSwapContent(t, a, b)

	log := captureLog(t)

	want := []string{bc.Number, c.Certificate().Number}
	list := func(what string, find func(f certification.CertificateFilter) ([]*certification.CertificateRecord, string, error)) {
		t.Helper()
		for _, limit := range []int{0, 1, 2} {
			log.Reset()
			var got []string
			f := certification.CertificateFilter{Limit: limit}
			for pages := 0; ; pages++ {
				recs, next, err := find(f)
				if err != nil {
					t.Fatalf("%s, limit %d: %v (one record's failure fails the list)", what, limit, err)
				}
				if limit > 0 && len(recs) < limit && next != "" {
					t.Errorf("%s, limit %d: a page of %d and a next page", what, limit, len(recs))
				}
				for _, rec := range recs {
					got = append(got, rec.Certificate().Number)
				}
				if next == "" || pages > 5 {
					break
				}
				f.Cursor = next
			}
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("%s, limit %d: listed %v, want %v (%s holds %s's content)", what, limit, got, want, ac.Number, bc.Number)
			}
			if n := strings.Count(log.String(), "integrity failure"); n != 1 || !strings.Contains(log.String(), ac.Number) {
				t.Errorf("%s, limit %d: logged %d integrity failures naming %s, want 1:\n%s", what, limit, n, ac.Number, log.String())
			}
		}
	}
	list("FindCertificates", func(f certification.CertificateFilter) ([]*certification.CertificateRecord, string, error) {
		return s.certs.FindCertificates(ctx, f)
	})
	list("FindFootprints", func(f certification.CertificateFilter) ([]*certification.CertificateRecord, string, error) {
		return s.certs.FindFootprints(ctx, f, nil)
	})
	withdrawn := certification.CertificateWithdrawn
	recs, _, err := s.certs.FindCertificates(ctx, certification.CertificateFilter{Status: &withdrawn})
	if err != nil || len(recs) != 0 {
		t.Errorf("withdrawn certificates: %d, %v; want none (%s, withdrawn, holds %s's content)", len(recs), err, ac.Number, bc.Number)
	}
}

// mustSwapContent puts the signed content, signature and key of
// certificate from in the record of certificate under, its status and
// audit trail left alone (red team 52's forger), and its own back at
// cleanup, for Check.
func (s *services) mustSwapContent(t *testing.T, under, from *certification.CertificateRecord) {
	t.Helper()
	swap := func(from *certification.CertificateRecord) {
		t.Helper()
		if err := factordb.EditCertificateRecord(s.db, under.Certificate().ID, func(m map[string]any) {
			m["content"], m["signature"], m["key_id"] = from.Signed.Content, from.Signed.Signature, from.Signed.KeyID
		}); err != nil {
			t.Fatal(err)
		}
	}
	swap(from)
	t.Cleanup(func() { swap(under) })
}

// captureLog returns what the store logs (slog's default logger) until the
// test ends.
func captureLog(t *testing.T) *bytes.Buffer {
	var log bytes.Buffer
	was := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&log, nil)))
	t.Cleanup(func() { slog.SetDefault(was) })
	return &log
}

// Ensure the certificates of a product model (FindModelCertificates, the
// certifier's review of another holder's certificate of the model) leave
// out a current certificate whose record holds another certificate's
// signed content, and log it, as the lists do (red team 52's forger, open
// after it: the review read the record by ID through followLineage and
// showed the other certificate as the model's). At the end of a lineage
// too: the superseding certificate's record swapped.
func TestSwap_ModelCertificatesLeaveOutAnotherCertificatesContent(t *testing.T) {
	ctx, s := mustStart(t)
	a := s.MustIssue(t, "GEC-SWAP-MA")
	b := s.MustIssue(t, "GEC-SWAP-MB")
	old := s.MustIssue(t, "GEC-SWAP-ML")
	next := s.MustSupersede(t, old)
	log := captureLog(t)
	s.mustSwapContent(t, a, b)
	s.mustSwapContent(t, next, b)
	for _, c := range []struct {
		what  string
		model string
	}{
		{"the model's own certificate", a.Certificate().Product.Model},
		{"the end of the model's lineage", old.Certificate().Product.Model},
	} {
		log.Reset()
		recs, err := s.certs.FindModelCertificates(ctx, c.model)
		if err != nil {
			t.Fatalf("%s: %v (one record's failure fails the review)", c.what, err)
		}
		for _, rec := range recs {
			t.Errorf("%s, model %q: listed %s (%s), whose content another record holds", c.what, c.model, rec.Certificate().Number, rec.Certificate().Product.Model)
		}
		if n := strings.Count(log.String(), "integrity failure"); n != 1 {
			t.Errorf("%s: logged %d integrity failures, want 1:\n%s", c.what, n, log)
		}
	}
}

// Ensure the certifier's review of an application whose holder has a
// certificate record holding another certificate's signed content leaves
// that record out of the holder's certificates it compares the study
// with, logged, as the lists do, rather than failing the review (red team
// 52's open item: the review answered the lookup's 409, so a record
// corrupted in the file stopped every application of its holder for the
// product).
func TestSwap_ReviewLeavesOutASwappedHolderRecord(t *testing.T) {
	ctx, s := mustStart(t)
	a := s.MustIssue(t, "GEC-SWAP-PA")
	b := s.MustIssue(t, "GEC-SWAP-PB")
	s.mustSwapContent(t, a, b)
	log := captureLog(t)
	st := s.MustCreateStudy(t, orgMaker, "GEC-SWAP-PN") // another model of the same product
	app := &certification.Application{ID: uuid.New(), StudyID: st.ID, Manufacturer: orgMaker, Certifier: orgCertifier}
	recs, err := s.certs.FindReviewRecords(ctx, app, st)
	if err != nil {
		t.Fatalf("review with %s's record holding %s's content: %v", a.Certificate().Number, b.Certificate().Number, err)
	}
	var got []string
	for _, p := range recs.Peers {
		got = append(got, p.Certificate().Number)
	}
	if len(got) != 1 || got[0] != b.Certificate().Number {
		t.Errorf("peers %v, want %s alone", got, b.Certificate().Number)
	}
	if n := strings.Count(log.String(), "integrity failure"); n != 1 {
		t.Errorf("logged %d integrity failures, want 1:\n%s", n, log)
	}
}

// From rt68_test.go (red team 68): a reissue of data certified already
// keeps their certificate's expiry.

// Ensure a certificate of data certified already keeps the expiry of
// their certificate (red team 68): the demo study certified, then applied
// for again superseding its own certificate and issued a year and a half
// on, was valid two years from that issue, the same data certified for
// three and a half years on one assessment (red team 67 warned of it in
// the review only); so was a copy of the study (another study ID, the same
// data and reference period) superseding it. Now the reissue and the copy
// keep the expiry; once it passed, the same data are refused (ECONFLICT
// naming study_id, both languages, nothing written), also when the study
// supersedes another study's certificate of the lineage in between; a
// study of a later reference period counts its validity from its issue.
func TestRedteam68_SameStudyReissueKeepsExpiry(t *testing.T) {
	ctx, s := mustStart(t)
	study := s.MustCreateStudy(t, orgMaker, "GEC-RT68-R").ID
	first := s.mustIssueStudy(t, study, orgMaker).Certificate()
	sameModel := func(st *footprint.Study) { st.Product.Model = first.Product.Model }
	s.db.Now = steppingClock(fixedNow.AddDate(1, 6, 0))
	again := s.MustSupersede(t, mustRecord(t, s, first.ID)).Certificate()
	if !again.ExpiresAt.Equal(first.ExpiresAt) || again.Revision != 2 {
		t.Fatalf("the same study reissued %s: revision %d, expires %s, want %s's %s", again.IssuedAt, again.Revision, again.ExpiresAt, first.Number, first.ExpiresAt)
	}
	copied := s.mustIssueApp(t, &certification.Application{StudyID: s.MustCreateStudy(t, orgMaker, "GEC-RT68-C", sameModel).ID, Manufacturer: orgMaker, Certifier: orgCertifier, Supersedes: again.ID}).Certificate()
	if !copied.ExpiresAt.Equal(first.ExpiresAt) || copied.PeriodEnd != first.PeriodEnd {
		t.Fatalf("a copy of the study (period to %s) reissued %s: expires %s, want %s's %s", copied.PeriodEnd, copied.IssuedAt, copied.ExpiresAt, first.Number, first.ExpiresAt)
	}

	// Past its expiry, the same data are not certified again.
	s.db.Now = steppingClock(first.ExpiresAt.Add(time.Hour))
	wantExpired := func(what, study string, supersedes uuid.UUID) {
		t.Helper()
		app, err := s.apply(ctx, orgMaker, study, supersedes)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		before := s.auditCount(t)
		_, err = s.certs.IssueCertificate(ctx, app.ID, issueReq)
		msg := footprint.ErrorMessage(err)
		if footprint.ErrorCode(err) != footprint.ECONFLICT || footprint.ErrorField(err) != "study_id" || !strings.Contains(msg, "续证须提交") || !strings.Contains(msg, "never lengthens it") {
			t.Fatalf("%s: %v, want ECONFLICT naming study_id in Chinese and English", what, err)
		}
		if got, _ := s.certs.FindApplicationByID(ctx, app.ID); got.Status != certification.ApplicationPending || s.auditCount(t) != before {
			t.Fatalf("%s: refused, and the application is %s, the trail %d → %d events", what, got.Status, before, s.auditCount(t))
		}
		if _, err := s.certs.RejectApplication(ctx, app.ID, []string{"expired"}); err != nil {
			t.Fatal(err)
		}
	}
	wantExpired("the same study past its expiry", study, copied.ID)
	wantExpired("another copy past its expiry", s.MustCreateStudy(t, orgMaker, "GEC-RT68-D", sameModel).ID, copied.ID)

	// A study of a later period: two years from its issue.
	recent := func(st *footprint.Study) {
		st.ReferencePeriod = footprint.Period{Start: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)}
		st.Electricity[0].Instruments = nil // of 2025
	}
	renewal := s.MustCreateStudy(t, orgMaker, "GEC-RT68-S", sameModel, recent).ID
	next := s.mustIssueApp(t, &certification.Application{StudyID: renewal, Manufacturer: orgMaker, Certifier: orgCertifier, Supersedes: copied.ID}).Certificate()
	if want := certification.CertificateExpiry(next.IssuedAt, 0); !next.ExpiresAt.Equal(want) {
		t.Fatalf("a study of a later period: its certificate expires %s, want %s", next.ExpiresAt, want)
	}
	// The first study again, superseding the renewal's certificate.
	wantExpired("the same study after another's certificate", study, next.ID)
}

// mustRecord reads certificate id's record.
func mustRecord(tb testing.TB, s *services, id uuid.UUID) *certification.CertificateRecord {
	tb.Helper()
	rec, err := s.certs.FindCertificateByID(context.Background(), id)
	if err != nil {
		tb.Fatal(err)
	}
	return rec
}
