package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/google/uuid"
)

// verifyFactors is the verify answer's factors and signed envelope.
type verifyFactors struct {
	Data struct {
		Factors []struct {
			Code     string  `json:"code"`
			NameZH   string  `json:"name_zh"`
			NameEN   string  `json:"name_en"`
			Set      string  `json:"set"`
			Grid     bool    `json:"grid"`
			KgCO2e   float64 `json:"kg_co2e"`
			SharePct float64 `json:"share_pct"`
			Grade    string  `json:"grade"`
			Source   string  `json:"source"`
		} `json:"factors"`
		SignatureValid bool            `json:"signature_valid"`
		SignatureError string          `json:"signature_error"`
		Signed         json.RawMessage `json:"signed"`
	} `json:"data"`
}

func getVerifyFactors(t *testing.T, st *stack, id string) verifyFactors {
	t.Helper()
	var v verifyFactors
	rec := st.do(t, request{method: "GET", target: "/v1/certificates/" + id + "/verify"})
	if rec.Code != 200 {
		t.Fatalf("verify: %d %s", rec.Code, rec.Body)
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// sharePct is the share as the page prints it (the site's pct).
func sharePct(x float64) string {
	return strconv.FormatFloat(footprint.RoundSig(x, 3), 'f', -1, 64) + " %"
}

// Ensure the public verify answer and page list the factors a format-3
// certificate names, as it signs them: code, names, set, share, grade and
// source, the grid factor marked; and the grade legend in both languages.
func TestVerify_Factors(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	v := getVerifyFactors(t, st, fx.cert)
	sc, err := certification.ParseSignedCertificate(v.Data.Signed)
	if err != nil {
		t.Fatal(err)
	}
	c := sc.Certificate
	if c.Format < 3 || len(c.Factors) == 0 || len(v.Data.Factors) != len(c.Factors) {
		t.Fatalf("format %d, %d factors signed, %d in the answer", c.Format, len(c.Factors), len(v.Data.Factors))
	}
	grid := 0
	for i, f := range c.Factors {
		g := v.Data.Factors[i]
		if g.Code != f.Code || g.NameZH != f.NameZH || g.NameEN != f.NameEN || g.Set != f.Set || g.Grid != f.Grid ||
			g.KgCO2e != f.KgCO2e || g.SharePct != f.SharePct || g.Grade != f.Grade || g.Source != f.Source {
			t.Errorf("factors[%d] = %+v, signed %+v", i, g, f)
		}
		if f.Grade == "" || f.Source == "" {
			t.Errorf("factors[%d] %s: grade %q, source %q", i, f.Code, f.Grade, f.Source)
		}
		if f.Grid {
			grid++
		}
	}
	if grid == 0 {
		t.Error("the demo certificate names no grid factor")
	}

	page := getHTML(t, st.srv, "/v1/certificates/"+fx.cert+"/verify").Body.String()
	for _, f := range c.Factors {
		i := strings.Index(page, `<li data-factor="`+f.Code+`">`)
		if i < 0 {
			t.Errorf("page does not list %s", f.Code)
			continue
		}
		li := page[i : i+strings.Index(page[i:], "</li>")]
		for _, want := range []string{`占比 share <b class="share nb">` + sharePct(f.SharePct) + `</b>`, `等级 grade <b class="grade">` + f.Grade + `</b>`,
			"因子集 set " + f.Set, "来源 source " + f.Source} {
			if !strings.Contains(li, want) {
				t.Errorf("%s: page lacks %q in %s", f.Code, want, li)
			}
		}
		if f.Grid != strings.Contains(li, "电网 grid") {
			t.Errorf("%s: grid %v, page %s", f.Code, f.Grid, li)
		}
	}
	for _, want := range []string{"主要排放因子<br>Main emission factors", "C CPCD 核心数据库 CPCD core database", "D CPCD 文献数据或单一二手来源"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
}

// forgedCerts serves certificate records whose signed content a forger
// edited in the store (and the shown certificate decoded from it).
type forgedCerts struct {
	realCerts
	old, new string
}

func (f forgedCerts) FindCertificateByID(ctx context.Context, id uuid.UUID) (*certification.CertificateRecord, error) {
	rec, err := f.realCerts.FindCertificateByID(ctx, id)
	if err != nil {
		return nil, err
	}
	return f.forge(rec)
}

// FindCertificates serves the registry's list with every record forged.
func (f forgedCerts) FindCertificates(ctx context.Context, filter certification.CertificateFilter) ([]*certification.CertificateRecord, string, error) {
	recs, next, err := f.realCerts.FindCertificates(ctx, filter)
	if err != nil {
		return nil, "", err
	}
	out := make([]*certification.CertificateRecord, len(recs))
	for i, rec := range recs {
		if out[i], err = f.forge(rec); err != nil {
			return nil, "", err
		}
	}
	return out, next, nil
}

func (f forgedCerts) forge(rec *certification.CertificateRecord) (*certification.CertificateRecord, error) {
	forged := *rec.Signed
	forged.Content = bytes.Replace(forged.Content, []byte(f.old), []byte(f.new), 1)
	if bytes.Equal(forged.Content, rec.Signed.Content) {
		return nil, footprint.Errorf(footprint.EINTERNAL, "forgery %q changed nothing", f.old)
	}
	var err error
	if forged.Certificate, err = certification.UnmarshalCanonicalCertificate(forged.Content); err != nil {
		return nil, err
	}
	out := *rec
	out.Signed = &forged
	return &out, nil
}

// Ensure a certificate whose signed grade or share was changed in the store
// is shown as not genuine by the verify answer and page: the signature does
// not verify, and the page says so.
func TestVerify_FactorsTampered(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	genuine := getVerifyFactors(t, st, fx.cert)
	if !genuine.Data.SignatureValid || len(genuine.Data.Factors) == 0 {
		t.Fatalf("genuine: signature_valid %v, %d factors", genuine.Data.SignatureValid, len(genuine.Data.Factors))
	}
	f0 := genuine.Data.Factors[0]
	otherGrade := "A"
	if f0.Grade == "A" {
		otherGrade = "B"
	}
	share, err := json.Marshal(f0.SharePct)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ name, old, new string }{
		{"Grade", `"grade":"` + f0.Grade + `"`, `"grade":"` + otherGrade + `"`},
		{"Share", `"share_pct":` + string(share), `"share_pct":` + strconv.FormatFloat(f0.SharePct/2, 'g', -1, 64)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			real := st.srv.CertificationService
			st.srv.CertificationService = forgedCerts{realCerts: st.certs, old: tt.old, new: tt.new}
			defer func() { st.srv.CertificationService = real }()
			v := getVerifyFactors(t, st, fx.cert)
			if v.Data.SignatureValid || !strings.Contains(v.Data.SignatureError, "signature does not match content") {
				t.Errorf("forged %s: signature_valid %v, error %q", tt.name, v.Data.SignatureValid, v.Data.SignatureError)
			}
			page := getHTML(t, st.srv, "/v1/certificates/"+fx.cert+"/verify").Body.String()
			if !strings.Contains(page, "签名无效 Signature invalid") || !strings.Contains(page, `class="status bad"`) {
				t.Errorf("forged %s: the page does not say the signature is invalid", tt.name)
			}
		})
	}
}

// newForgedHolderStack seeds a stack with one certificate whose holder a
// forger renamed in the store, in every record served.
func newForgedHolderStack(t *testing.T) (*stack, fixture) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	st.srv.CertificationService = forgedCerts{realCerts: st.certs, old: `"name_zh":"示例组件厂"},"id"`, new: `"name_zh":"冒名组件厂"},"id"`}
	return st, fx
}

// Ensure the public registry does not list a certificate whose record was
// edited in the store as valid, nor repeat what the edit claims. Verify
// by number checked the signature; the registry listed each record as
// stored: a holder renamed in the database was listed as the holder of a
// "有效 Valid" certificate on /certificates.
func TestRedteam6_RegistryRowNeedsItsSignature(t *testing.T) {
	st, fx := newForgedHolderStack(t)
	for _, target := range []string{"/certificates", "/certificates?status=valid", "/certificates?q=HS:854143"} {
		body := mustPage(t, st, target, 200)
		i := strings.Index(body, `href="/certificates/`+fx.number+`"`)
		if i < 0 {
			t.Errorf("%s: the forged certificate is not listed (flagged)", target)
			continue
		}
		row := body[i : i+strings.Index(body[i:], "</tr>")]
		if !strings.Contains(row, `data-status="signature_invalid"`) || !strings.Contains(row, `签名未通过验证 <span class="en" lang="en">Signature not verified</span>`) {
			t.Errorf("%s: row not flagged: %s", target, row)
		}
		if strings.Contains(row, `data-status="valid"`) || strings.Contains(row, "冒名组件厂") {
			t.Errorf("%s: row shows the forged record as valid or repeats its forged holder: %s", target, row)
		}
	}
}

// Ensure the signed-in lists do not show a certificate whose record was
// edited in the store as valid either: the JSON list regulators and
// certifiers read (GET /v1/certificates) and the work area's certificate
// list. Both listed each record as stored, so a regulator saw a forged
// holder on a "valid" certificate; each now lists it (an operator must see
// it exists) with status signature_invalid, as the verify answer does.
func TestRedteam6_SignedInListsNeedTheSignature(t *testing.T) {
	st, fx := newForgedHolderStack(t)
	type row struct {
		Number         string `json:"number"`
		Status         string `json:"status"`
		RecordedStatus string `json:"recorded_status"`
		SignatureError string `json:"signature_error"`
	}
	for _, as := range []string{asReg, asCert, asMaker} {
		rows := MustData[[]row](t, st.do(t, request{method: "GET", target: "/v1/certificates", as: as}), 200)
		i := slices.IndexFunc(rows, func(r row) bool { return r.Number == fx.number })
		if i < 0 {
			t.Errorf("%s: the forged certificate is not listed (flagged): %+v", as, rows)
			continue
		}
		if r := rows[i]; r.Status != "signature_invalid" || r.RecordedStatus != "valid" || !strings.Contains(r.SignatureError, "signature does not match content") {
			t.Errorf("%s: forged record listed as %+v, want status signature_invalid, recorded_status valid and the signature error", as, r)
		}
	}
	regulator := newWebUser(t, st.srv)
	regulator.signIn(st.tokens[asReg])
	body := regulator.get("/work/certificates").Body.String()
	i := strings.Index(body, `href="/work/certificates/`+fx.cert+`"`)
	if i < 0 {
		t.Fatalf("work list: the forged certificate is not listed (flagged): %s", body)
	}
	tr := body[i : i+strings.Index(body[i:], "</tr>")]
	if !strings.Contains(tr, `<span class="status bad">签名未通过验证 Signature not verified</span>`) || strings.Contains(tr, "有效 Valid") {
		t.Errorf("work list: row not flagged: %s", tr)
	}
}
