package factordb

import (
	"bytes"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"

	"github.com/chengdu-pcf/pcf/footprint"
)

// Indexes of a holder's records by the product they are of, so that a
// review finds the holder's certificates and rejected applications of the
// product it reviews under another code of the rule or another model name
// (red team 13) by reading the holder's entries only. A key is
//
//	<manufacturer>0x00<scheme>0x00<digits>0x00<rule code>0x00<tail>
//
// for each product code of the record; the tail is the certificate's
// number, or the application's 16-byte UUID. The value is empty.
var (
	certHolderProductsBucket = []byte("certificate_holder_products") // tail: number
	applicationRejectsBucket = []byte("application_rejections")      // tail: <uuid>; rejected applications only
	// The rejected applications by their study's headline per one
	// declared unit, as certificate_figures has the certificates.
	rejectedFiguresBucket = []byte("application_rejected_figures") // figureStep (8 bytes BE) <uuid> → ""
)

// holderProductKeys returns the keys of a holder's record under rule with
// product codes ("HS:854143").
func holderProductKeys(manufacturer, rule string, codes []string, tail []byte) [][]byte {
	out := make([][]byte, 0, len(codes))
	for _, pc := range codes {
		scheme, digits, _ := strings.Cut(pc, ":")
		out = append(out, append([]byte(strings.Join([]string{manufacturer, scheme, digits, rule, ""}, "\x00")), tail...))
	}
	return out
}

// putKeys puts keys in idx, with empty values.
func putKeys(idx *bolt.Bucket, keys [][]byte) error {
	for _, k := range keys {
		if err := idx.Put(k, nil); err != nil {
			return err
		}
	}
	return nil
}

// sameProduct tells, for the review of study st, whether a record under a
// rule with a product code is of the same product: in the same scheme, a
// code of one starts with a code of the other (HS 85414300 and HS 854143,
// whatever the rule), or, under st's rule, both codes fall under the
// rule's codes of six digits or more: a rule of subheadings covers one
// product (pv-module: HS 854143 of HS 2022 and HS 854140 of HS 2017 are
// the same module), where a rule of chapters (electronics: HS 84, 85)
// covers many.
type sameProduct struct {
	rule        string
	codes       []footprint.ProductCode
	subheadings []string // the rule's "HS:" codes of six digits or more, when a code of st falls under one
}

func newSameProduct(st *footprint.Study) *sameProduct {
	p := &sameProduct{rule: st.Rule, codes: st.Product.ProductCodes}
	r, err := footprint.FindRule(st.Rule)
	if err != nil {
		return p
	}
	for _, rc := range r.ProductCodes {
		if len(strings.TrimPrefix(rc, "HS:")) >= 6 {
			p.subheadings = append(p.subheadings, rc)
		}
	}
	if !slices.ContainsFunc(p.codes, func(pc footprint.ProductCode) bool { return p.underSubheading(pc.String()) }) {
		p.subheadings = nil
	}
	return p
}

func (p *sameProduct) underSubheading(code string) bool {
	return slices.ContainsFunc(p.subheadings, func(rc string) bool { return strings.HasPrefix(code, rc) })
}

// matches reports whether a record under rule with product code
// scheme:digits is of the product.
func (p *sameProduct) matches(scheme, digits, rule string) bool {
	if digits == "" {
		return false
	}
	code := footprint.ProductCode{Scheme: scheme, Code: digits}
	return slices.ContainsFunc(p.codes, code.Meets) || rule == p.rule && p.underSubheading(code.String())
}

// holderRecords returns the tails of the keys of idx (see
// certHolderProductsBucket) of the holder's records of the product, each
// once, in key order: it reads the holder's entries only.
func (p *sameProduct) holderRecords(idx *bolt.Bucket, manufacturer string) [][]byte {
	prefix := []byte(manufacturer + "\x00")
	var out [][]byte
	seen := map[string]bool{}
	c := idx.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		parts := bytes.SplitN(k[len(prefix):], []byte{0}, 4) // scheme, digits, rule, tail
		if len(parts) == 4 && !seen[string(parts[3])] && p.matches(string(parts[0]), string(parts[1]), string(parts[2])) {
			seen[string(parts[3])] = true
			out = append(out, bytes.Clone(parts[3]))
		}
	}
	return out
}

// certificateStemKeys returns the certificate_holder_products key of the
// holder's certificate numbered number by the stem of its model (model),
// in identityKeys' form, which no product code matches: a review finds
// the holder's valid certificates of the study's model number under
// another product code (session 35). None for a model without a number.
func certificateStemKeys(manufacturer, model, number string) [][]byte {
	return identityKeys(manufacturer, &footprint.Product{Model: model}, []byte(number))
}

// indexCertificateStems writes the certificateStemKeys of the
// certificates stored, for a database written before them: each
// certificate's content is decoded once.
func indexCertificateStems(tx *bolt.Tx) error { return indexHolderKeys(tx, false) }

// indexCertificateHolderProductsAndStems fills certificate_holder_products
// with both its kinds of keys, the products' (indexCertificateHolderProducts)
// and the stems', in one pass, sorted. Built one after the other in one
// transaction (a rekey of the model indexes, the benchmark fixture), the
// stems went each into the middle of the one node the products had filled,
// which bbolt splits only at the commit, moving every entry after it: the
// fixture of 1,000,000 certificates had not built it after 50 minutes
// (3.5 s of CPU at 30,000).
func indexCertificateHolderProductsAndStems(tx *bolt.Tx) error { return indexHolderKeys(tx, true) }

// indexHolderKeys puts the stem keys of every stored certificate, and with
// products its holder product keys too, in key order: bbolt then appends
// instead of inserting in the middle of a node (buildIndex).
func indexHolderKeys(tx *bolt.Tx, products bool) error {
	var keys [][]byte
	err := forEachRecord(tx.Bucket(certificatesBucket), "certificate", func(_ []byte, rec *certificateRecord) error {
		c, err := rec.certificate()
		if err != nil {
			return err
		}
		if products {
			keys = append(keys, holderProductKeys(rec.Manufacturer, rec.Rule, rec.ProductCodes, []byte(rec.Number))...)
		}
		keys = append(keys, certificateStemKeys(rec.Manufacturer, c.Product.Model, rec.Number)...)
		return nil
	})
	if err != nil {
		return err
	}
	slices.SortFunc(keys, bytes.Compare)
	return putKeys(tx.Bucket(certHolderProductsBucket), keys)
}
