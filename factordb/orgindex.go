package factordb

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/longbridgeapp/opencc"
	bolt "go.etcd.io/bbolt"
	"golang.org/x/text/unicode/norm"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
)

// Organisations are told apart as they print: no two may print the same
// name (Name or NameZH) or approval number.
var (
	orgNamesBucket     = []byte("organization_names")     // OrgNameKey(name or name_zh) → organisation name
	orgApprovalsBucket = []byte("organization_approvals") // ApprovalKey(approval number) → organisation name
)

// orgIndexesKey marks the organisation indexes built in the meta bucket.
// Its suffix counts the versions of OrgNameKey: a file whose indexes an
// earlier one keyed has them built again (2: letters and digits only, so
// that punctuation and spacing tell no two organisations apart; 3: NFKD
// first, so that compatibility forms and combining marks do not either; 4:
// every script's decimal digits read as 0-9; 5: 0/o, 1/i/l and rn/m
// folded; 6: traditional Chinese characters read as simplified; 7: the
// letters kept converted, not the name as written).
//
// The certificate company index keeps names in orgLetters' form with their
// printAlike form (companyEntries): a change to either fold bumps its key
// too (index:certificate_companies_N in indexMigrations).
const orgIndexesKey = "index:organization_names_approvals_7"

// toSimplified converts traditional Chinese characters (and phrases) to
// simplified ones with OpenCC's t2s tables, embedded in the module.
var toSimplified = sync.OnceValue(func() *opencc.OpenCC {
	cc, err := opencc.New("t2s")
	if err != nil { // the tables are compiled in: a broken build
		panic(fmt.Sprintf("opencc t2s: %v", err))
	}
	return cc
})

// simplifiedHan returns s with its traditional Chinese characters written
// in simplified ones ("長城電子" is "长城电子"), as a reader of either script
// reads one name; s unchanged when it has no Han character.
func simplifiedHan(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
		return s
	}
	out, err := toSimplified().Convert(s)
	if err != nil { // a dictionary look-up error: compare the text as written
		return s
	}
	return out
}

// lookAlikes maps the Cyrillic and Greek letters that print as Latin ones
// to those Latin letters, for OrgNameKey.
var lookAlikes = strings.NewReplacer(
	"А", "A", "В", "B", "Е", "E", "К", "K", "М", "M", "Н", "H", "О", "O", "Р", "P", "С", "C", "Т", "T", "Х", "X", "У", "Y",
	"Ѕ", "S", "І", "I", "Ј", "J", "а", "a", "е", "e", "о", "o", "р", "p", "с", "c", "у", "y", "х", "x", "ѕ", "s", "і", "i", "ј", "j", "ԁ", "d", "ӏ", "l",
	"Α", "A", "Β", "B", "Ε", "E", "Ζ", "Z", "Η", "H", "Ι", "I", "Κ", "K", "Μ", "M", "Ν", "N", "Ο", "O", "Ρ", "P", "Τ", "T", "Υ", "Y", "Χ", "X",
	"ο", "o", "ι", "i", "κ", "k", "ν", "v", "ρ", "p", "τ", "t", "υ", "u", "χ", "x", "α", "a",
)

// OrgNameKey returns the form of an organisation's name that the
// organisation_names index compares, and the review compares a study's
// manufacturer and site with: full-width forms folded
// (footprint.FoldWidth), compatibility forms decomposed (Unicode NFKD:
// mathematical bold 𝐃 is D, Roman numeral Ⅽ is C, a CJK compatibility
// ideograph its unified one, é an e and a combining mark), Cyrillic and
// Greek look-alikes read as the Latin letters they print as, case folded,
// decimal digits of every script read as 0-9 ("Solar ٢" is "Solar 2"),
// and only letters and digits kept (white space, punctuation, symbols,
// combining marks and invisible format characters dropped); traditional
// Chinese characters are read as simplified (OpenCC's t2s: "長城電子有限公司"
// is "长城电子有限公司", red team 39). Kana with a
// voicing mark fold to the kana without it. "Demo  Certification Centre", "ＤＥＭＯ Certification Centre",
// "Dеmo Certification Centre" (Cyrillic е) and "Demo Certification
// Centre." are one name.
func OrgNameKey(name string) string { return printAlike.Replace(orgLetters(name)) }

// orgLetters is OrgNameKey without printAlike: the letters and digits of
// name, folded, each read alone. Certificate lists by company compare it
// (companyKey), where a part of a name is searched for: "rn" folded to
// "m" in a name would hide it from a search that ends in "r".
func orgLetters(name string) string {
	var b strings.Builder
	if isASCII(name) { // what every step below leaves as it is: the letters and digits, lower case
		for i := 0; i < len(name); i++ {
			if c := lowerASCII(name[i]); 'a' <= c && c <= 'z' || '0' <= c && c <= '9' {
				b.WriteByte(c)
			}
		}
		return b.String()
	}
	for _, r := range lookAlikes.Replace(norm.NFKD.String(footprint.FoldWidth(name))) {
		switch {
		case unicode.Is(unicode.Nd, r):
			b.WriteRune('0' + digitValue(r))
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(unicode.ToUpper(r)))
		}
	}
	// The letters kept are converted, not the name as written: OpenCC converts by words, so punctuation or a
	// space inside a word changed how it read ("乾坤" stays a word, "乾 坤" was 干坤), as ModelKey does.
	return simplifiedHan(b.String())
}

// printAlike folds, in a folded name, the Latin letters and digits that
// print alike in many faces: 0 and o, 1, i and l, rn and m ("Dem0
// Modu1e", "Derno" are "Demo Module", "Demo").
var printAlike = strings.NewReplacer("0", "o", "1", "l", "i", "l", "rn", "m")

// digitValue returns the value of decimal digit r: Unicode puts each
// script's digits 0 to 9 in a run of its own ("٢", U+0662, is 2 after
// "٠", U+0660), and runs that touch each other are whole runs of ten.
func digitValue(r rune) rune {
	start := r
	for unicode.Is(unicode.Nd, start-1) {
		start--
	}
	return (r - start) % 10
}

// ApprovalKey returns the form of an approval number that the
// organisation_approvals index compares: full-width forms folded, upper
// case, without white space or format characters, any dash a hyphen.
// "CNCA-R-2026-999", "cnca-r-2026-999 " and "ＣＮＣＡ–Ｒ–2026–999" are one
// number.
func ApprovalKey(number string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case unicode.IsSpace(r) || unicode.Is(unicode.Cf, r):
			return -1
		case unicode.Is(unicode.Pd, r) || r == '−':
			return '-'
		}
		return unicode.ToUpper(r)
	}, footprint.FoldWidth(number))
}

// orgKey is one entry an organisation holds in the indexes: the bucket,
// its key and the field that names it in errors.
type orgKey struct {
	bucket []byte
	key    string
	field  string
}

// orgKeys lists the index entries of org: its name and Chinese name, and
// its approval number when it has one.
func orgKeys(org *access.Organization) []orgKey {
	keys := []orgKey{{orgNamesBucket, OrgNameKey(org.Name), "org"}}
	if org.NameZH != "" {
		keys = append(keys, orgKey{orgNamesBucket, OrgNameKey(org.NameZH), "name_zh"})
	}
	if k := approvalOrgKey(org.ApprovalNumber); k.key != "" {
		keys = append(keys, k)
	}
	return keys
}

// checkOrgKey returns ECONFLICT, naming the field, if another organisation
// than name holds k, and EINVALID for a name or number without a letter or
// digit (nothing to tell it apart by).
func checkOrgKey(tx *bolt.Tx, name string, k orgKey) error {
	if k.key == "" {
		return footprint.FieldErrorf(footprint.EINVALID, k.field, "must contain a letter or a digit")
	}
	holder := tx.Bucket(k.bucket).Get([]byte(k.key))
	if holder == nil || string(holder) == name {
		return nil
	}
	if k.field == "approval_number" {
		return footprint.FieldErrorf(footprint.ECONFLICT, k.field, "approval number %q is that of organisation %q: an approval number names one certification body", k.key, holder)
	}
	return footprint.FieldErrorf(footprint.ECONFLICT, k.field, "organisation %q prints as organisation %q: names must differ by more than case, width, spacing, look-alike letters or traditional and simplified characters", name, holder)
}

// indexOrg checks that no other organisation than name holds keys
// (checkOrgKey) and puts them, in tx.
func indexOrg(tx *bolt.Tx, name string, keys ...orgKey) error {
	for _, k := range keys {
		if err := checkOrgKey(tx, name, k); err != nil {
			return err
		}
	}
	for _, k := range keys {
		if err := tx.Bucket(k.bucket).Put([]byte(k.key), []byte(name)); err != nil {
			return fmt.Errorf("put organisation index: %w", err)
		}
	}
	return nil
}

// approvalOrgKey is the index entry of approval number approval.
func approvalOrgKey(approval string) orgKey {
	return orgKey{orgApprovalsBucket, ApprovalKey(approval), "approval_number"}
}

// indexOrganizations builds the organisation_names and
// organisation_approvals indexes from the organisations stored, for a file
// written before they existed or keyed by an earlier OrgNameKey, and says
// what it did. Such a file may hold
// organisations that print alike or share an approval number: the first
// registered (then the first by name) keeps the entry, and the others are
// named in the detail the migration records in the audit trail, for the
// operator to resolve; Open does not fail on them.
func indexOrganizations(tx *bolt.Tx) (string, error) {
	for _, b := range [][]byte{orgNamesBucket, orgApprovalsBucket} { // entries of an earlier OrgNameKey
		if err := emptyBucket(tx, b); err != nil {
			return "", err
		}
	}
	orgs, err := allOrgs(tx)
	if err != nil {
		return "", err
	}
	slices.SortStableFunc(orgs, func(a, b *access.Organization) int { return a.CreatedAt.Compare(b.CreatedAt) })
	var clashes []string
	for _, org := range orgs {
		for _, key := range orgKeys(org) {
			err := indexOrg(tx, org.Name, key)
			switch footprint.ErrorCode(err) {
			case footprint.ECONFLICT:
				clashes = append(clashes, fmt.Sprintf("%s %q of %q is held by %q", key.field, key.key, org.Name, tx.Bucket(key.bucket).Get([]byte(key.key))))
			case footprint.EINVALID:
				clashes = append(clashes, fmt.Sprintf("%s of %q %s", key.field, org.Name, footprint.ErrorMessage(err)))
			case "":
			default:
				return "", err
			}
		}
	}
	detail := fmt.Sprintf("organisation name and approval-number indexes built from %d organisations", len(orgs))
	if len(clashes) > 0 {
		detail += "; left out, to resolve: " + strings.Join(clashes, "; ")
	}
	return detail, nil
}
