package factordb_test

import (
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
)

// hasHan reports whether s has a Chinese character.
func hasHan(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) })
}

// Ensure the refusal of a scope entry that is no rule's code says each
// half in its own language: it wrapped footprint.FindRule's bilingual
// refusal after its Chinese sentence, so its English half carried
// FindRule's Chinese ("…is not an accounting rule's code: 未知的核算规则
// "nope"…。unknown accounting rule…"). A code holding a "。" of its own
// is quoted whole in each half.
func TestRegister_UnknownScopeCodeInEachLanguage(t *testing.T) {
	ctx, s := t.Context(), MustOpenServices(t)
	const body = "Scope Words Body"
	s.MustCreateOrgs(t, access.Organization{Name: body, Role: access.RoleCertifier, ApprovalNumber: "CNCA-R-2026-741", Signatories: []string{"Wang Li"}})
	for _, code := range []string{"nope", "pv。module"} {
		_, err := s.auth.SetOrganizationRegister(ctx, body, []string{"Wang Li"}, []string{"pv-module", code})
		assertInvalid(t, err, "scope[1]")
		msg := footprint.ErrorMessage(err)
		zh, en, ok := strings.Cut(msg, "。"+strconv.Quote(code)+" in the scope is not an accounting rule's code: ")
		if !ok {
			t.Fatalf("%q: message %q, want its English after its Chinese", code, msg)
		}
		if hasHan(en) || !strings.Contains(en, "unknown accounting rule "+strconv.Quote(code)+" (want one of ") || !strings.Contains(en, "pv-module") {
			t.Errorf("%q: English half %q, want FindRule's English only", code, en)
		}
		if strings.Contains(zh, "unknown") || !strings.Contains(zh, "批准范围中的 "+strconv.Quote(code)) || !strings.Contains(zh, "未知的核算规则 "+strconv.Quote(code)) {
			t.Errorf("%q: Chinese half %q, want FindRule's Chinese", code, zh)
		}
		s.wantOrgRefused(t, refusedOrg{access.Organization{Name: "Scope Words New Body", Role: access.RoleCertifier, Scope: []string{code}}, "scope[0]"})
	}
}

// Ensure a signatory entry holding a character that lists or joins
// names, in any of its widths, is refused: "Zhang San; Li Si" was one
// entry, which the certificate's signature block printed as one
// authorised signatory, and which reads as two people there and in the
// register's joined forms. 400 naming the entry, in both languages, at
// a change and at a creation, nothing written; names with a hyphen, an
// apostrophe, a period or a middle dot are taken.
func TestRegister_SeparatorInASignatory(t *testing.T) {
	ctx, s := t.Context(), MustOpenServices(t)
	const body = "Separator Body"
	s.MustCreateOrgs(t, access.Organization{Name: body, Role: access.RoleCertifier, ApprovalNumber: "CNCA-R-2026-742", Signatories: []string{"Wang Li"}})
	for _, name := range []string{"Zhang San; Li Si", "张三；李四", "Zhang San﹔Li Si", "Zhang San | Li Si", "Zhang San｜Li Si", "Zhang San & Li Si", "张三＆李四", "Zhang San + Li Si", "Zhang San／Li Si", "张三﹑李四", "Zhang San﹐Li Si"} {
		before := s.auditCount(t)
		_, err := s.auth.SetOrganizationRegister(ctx, body, []string{"Wang Li", name}, nil)
		assertInvalid(t, err, "signatories[1]")
		if msg := footprint.ErrorMessage(err); !strings.Contains(msg, "含分隔符") || !strings.Contains(msg, "contains the separator") {
			t.Errorf("%q: message %q, want it in Chinese and English", name, msg)
		}
		if s.auditCount(t) != before {
			t.Fatalf("%q refused, and the trail %d → %d events", name, before, s.auditCount(t))
		}
		s.wantOrgRefused(t, refusedOrg{access.Organization{Name: "Separator New Body", Role: access.RoleCertifier, Signatories: []string{name}}, "signatories[0]"})
	}
	taken := []string{"Jean-Luc Picard", "Miles O'Brien", "J. R. Smith", "阿卜杜拉·买买提"}
	if _, err := s.auth.SetOrganizationRegister(ctx, body, taken, nil); err != nil {
		t.Fatalf("%q: %v", taken, err)
	}
	if got, _ := s.auth.FindOrganizationByName(ctx, body); strings.Join(got.Signatories, "\n") != strings.Join(taken, "\n") {
		t.Fatalf("register now %q", got.Signatories)
	}
}
