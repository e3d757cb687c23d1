package factordb_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// Ensure an issue by a certification body with no register of
// signatories refuses a signatory holding a character that lists or joins
// names, in any of its widths and small forms, as a register entry is
// refused (TestRegister_SeparatorInASignatory): "Zhang San; Li Si" signed
// as one authorised signatory and read as two in the certificate's
// signature block. 400 naming signatory, in Chinese, then in English,
// nothing written; names with a hyphen, an apostrophe, a period or a
// middle dot are taken.
func TestIssueCertificate_SignatoryWithASeparator(t *testing.T) {
	s := MustOpenWithOrgs(t) // orgCertifier has no register
	app := s.MustApply(t, "GEC-SIGN-SEP")
	before := s.auditCount(t)
	for _, name := range []string{"Zhang San; Li Si", "张三；李四", "Zhang San﹔Li Si", "Zhang San | Li Si", "Zhang San｜Li Si", "Zhang San & Li Si", "张三＆李四", "Zhang San + Li Si", "Zhang San／Li Si", "张三﹑李四", "Zhang San﹐Li Si", "Zhang San, Li Si", "张三、李四", "Zhang San/Li Si"} {
		req := issueReq
		req.Signatory = name
		_, err := s.certs.IssueCertificate(context.Background(), app.ID, req)
		assertInvalid(t, err, "signatory")
		// The name, quoted as given, is in each half.
		msg := strings.ReplaceAll(footprint.ErrorMessage(err), strconv.Quote(name), `""`)
		mustEachHalfInItsLanguage(t, msg, "contains", "separator", "signature block")
	}
	if a := mustFindApplication(t, s, app.ID); a.Status != certification.ApplicationPending {
		t.Fatalf("application %s after refused issues", a.Status)
	}
	if n := s.auditCount(t); n != before {
		t.Fatalf("%d audit events after refused issues, want %d", n, before)
	}
	for i, name := range []string{"Jean-Luc Picard", "Miles O'Brien", "J. R. Smith", "阿卜杜拉·买买提"} {
		app := s.MustApply(t, "GEC-SIGN-OK-"+strconv.Itoa(i))
		req := issueReq
		req.Signatory = name
		rec, err := s.certs.IssueCertificate(context.Background(), app.ID, req)
		if err != nil {
			t.Fatalf("%q: %v", name, err)
		}
		if got := rec.Certificate().Certifier.Signatory; got != name {
			t.Fatalf("issued with signatory %q, want %q", got, name)
		}
	}
}
