package factordb

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// applicationProductsBucket indexes the pending applications by what makes
// their study's product the same product under another model name
// (certification.PendingMatch), so that a review finds the product taken
// to another certification body at the same time (session 34) by reading
// the entries of its own GTIN, model stem and mass only. An application's
// entries are written with it and deleted when it is decided, in the same
// transactions (a study never changes). Each key ends with the
// application's 16-byte UUID; the value is what a review compares of its
// study (pendingProductRecord: session 35, the review read each study
// named whole).
//
//	'g' GTIN as 14 digits 0x00 holder 0x00 <uuid>
//	'm' modelStem(model) 0x00 holder 0x00 <uuid>
//	's' holder 0x00 figureStep(mass_kg) <uuid>
var applicationProductsBucket = []byte("application_pending_products")

// pendingProductRecord is the value of an application_pending_products
// entry: what shoppedApplications compares and shows of the application's
// study, the product's model and specification (sameSpecification) and its
// figure, so that a review decodes no study but its own.
type pendingProductRecord struct {
	V              int      `json:"v"`
	Model          string   `json:"model"`
	Rule           string   `json:"rule"`
	ProductCodes   []string `json:"product_codes,omitempty"` // "HS:854143"
	MassKg         float64  `json:"mass_kg,omitempty"`
	RatedPowerWp   float64  `json:"rated_power_wp,omitempty"`
	AreaM2         float64  `json:"area_m2,omitempty"`
	ActiveAreaM2   float64  `json:"active_area_m2,omitempty"`
	CellTechnology string   `json:"cell_technology,omitempty"`
	Result         bool     `json:"result,omitempty"` // the study has a result: the figure below
	KgCO2e         float64  `json:"kgco2e,omitempty"`
	DeclaredUnit   string   `json:"declared_unit,omitempty"`
}

func (r *pendingProductRecord) version() int { return r.V }

// newPendingProduct returns the pendingProductRecord of study st.
func newPendingProduct(st *footprint.Study) *pendingProductRecord {
	p := &st.Product
	out := &pendingProductRecord{V: recordV1, Model: p.Model, Rule: st.Rule,
		MassKg: p.MassKg, RatedPowerWp: p.RatedPowerWp, AreaM2: p.AreaM2, ActiveAreaM2: p.ActiveAreaM2, CellTechnology: p.CellTechnology}
	for _, pc := range p.ProductCodes {
		out.ProductCodes = append(out.ProductCodes, pc.String())
	}
	if r := st.Result; r != nil {
		out.Result, out.KgCO2e, out.DeclaredUnit = true, r.KgCO2e, r.DeclaredUnit.String()
	}
	return out
}

// study returns the study r describes, as far as sameSpecification reads it.
func (r *pendingProductRecord) study() *footprint.Study {
	st := &footprint.Study{Rule: r.Rule, Product: footprint.Product{Model: r.Model,
		MassKg: r.MassKg, RatedPowerWp: r.RatedPowerWp, AreaM2: r.AreaM2, ActiveAreaM2: r.ActiveAreaM2, CellTechnology: r.CellTechnology}}
	for _, pc := range r.ProductCodes {
		scheme, code, _ := strings.Cut(pc, ":")
		st.Product.ProductCodes = append(st.Product.ProductCodes, footprint.ProductCode{Scheme: scheme, Code: code})
	}
	return st
}

// pendingProductKeys returns the application_pending_products keys of
// application a on a study of product p.
func pendingProductKeys(a *certification.Application, p *footprint.Product) [][]byte {
	var out [][]byte
	tail := func(parts ...[]byte) []byte {
		return append(bytes.Join(parts, nil), a.ID[:]...)
	}
	holder := []byte(a.Manufacturer + "\x00")
	if g := gtinKey(p.GTIN); g != nil {
		out = append(out, tail([]byte("g"), g, holder))
	}
	if stem := modelStem(p.Model); stem != "" {
		out = append(out, tail([]byte("m"+stem+"\x00"), holder))
	}
	if step, ok := figureStep(p.MassKg); ok {
		out = append(out, tail([]byte("s"), holder, step))
	}
	return out
}

// indexPendingProduct records pending application a on study st in
// application_pending_products (put), or deletes its entries once a is
// decided (put false).
func indexPendingProduct(tx *bolt.Tx, a *certification.Application, st *footprint.Study, put bool) error {
	idx := tx.Bucket(applicationProductsBucket)
	for _, k := range pendingProductKeys(a, &st.Product) {
		var err error
		if put {
			err = putJSON(idx, k, newPendingProduct(st))
		} else {
			err = idx.Delete(k)
		}
		if err != nil {
			return fmt.Errorf("put pending application product index: %w", err)
		}
	}
	return nil
}

// indexPendingProducts builds application_pending_products from the
// pending applications and their studies stored, for a database written
// before it existed or before its entries held their study's
// specification (index:application_pending_products_2). An application
// whose study is not stored has no entry.
func indexPendingProducts(tx *bolt.Tx) error {
	return forEachRecord(tx.Bucket(applicationsBucket), "application", func(_ []byte, rec *applicationRecord) error {
		if rec.Status != certification.ApplicationPending {
			return nil
		}
		st, err := applicationStudy(tx, &rec.Application)
		if err != nil {
			return fmt.Errorf("application %s: %w", rec.ID, err)
		}
		if st == nil {
			return nil
		}
		return indexPendingProduct(tx, &rec.Application, st, true)
	})
}

// shoppedApplications returns the pending applications, other than a and
// those in known (the review's Pending), of the same product as study st
// (certification.PendingMatch): of st's GTIN, of any holder; of st's model
// stem, of the holder, or another holder's of st's very model (ModelKey);
// and the holder's of st's specification. The holder's are named when
// made to another certification body than a's (the certifier's own queue
// shows the others), another holder's wherever they are made: a company
// of the same group applying at the same body is no more visible there.
// It reads the index entries of st's GTIN, stem and mass, which hold what
// it compares of their studies, and the applications they name: no scan
// of the applications, and no other study decoded (session 35).
func shoppedApplications(tx *bolt.Tx, a *certification.Application, st *footprint.Study, known []*certification.Application) ([]certification.PendingMatch, error) {
	idx := tx.Bucket(applicationProductsBucket)
	by := map[uuid.UUID][]string{}
	product := map[uuid.UUID][]byte{} // the entry's value: its study's pendingProductRecord
	var order []uuid.UUID
	each := func(prefix []byte, why string) {
		c := idx.Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			if len(k) < 16 {
				continue
			}
			id := uuid.UUID(k[len(k)-16:])
			if _, ok := by[id]; !ok {
				order, product[id] = append(order, id), v
			}
			if !slices.Contains(by[id], why) {
				by[id] = append(by[id], why)
			}
		}
	}
	if g := gtinKey(st.Product.GTIN); g != nil {
		each(append([]byte("g"), g...), certification.PendingByGTIN)
	}
	if stem := modelStem(st.Product.Model); stem != "" {
		each([]byte("m"+stem+"\x00"), certification.PendingByModel)
	}
	for _, step := range figureSteps(st.Product.MassKg) {
		each(slices.Concat([]byte("s"+a.Manufacturer+"\x00"), step), certification.PendingBySpecification)
	}
	skip := map[uuid.UUID]bool{a.ID: true}
	for _, p := range known {
		skip[p.ID] = true
	}
	var out []certification.PendingMatch
	same := newSameProduct(st)
	for _, id := range order {
		if skip[id] {
			continue
		}
		app, err := findApplication(tx, id)
		if err != nil {
			return nil, err
		}
		if app.Status != certification.ApplicationPending || app.Certifier == a.Certifier && app.Manufacturer == a.Manufacturer {
			continue // the holder's at the same body are in the certifier's own queue
		}
		var rec pendingProductRecord
		if err := decodeJSON(product[id], &rec); err != nil {
			return nil, fmt.Errorf("pending application %s product: %w", id, err)
		}
		other := rec.study()
		var why []string
		for _, w := range by[id] {
			switch {
			case w == certification.PendingByModel && app.Manufacturer != a.Manufacturer && ModelKey(other.Product.Model) != ModelKey(st.Product.Model),
				w == certification.PendingBySpecification && !sameSpecification(st, other, same):
				continue
			}
			why = append(why, w)
		}
		if len(why) == 0 {
			continue
		}
		m := certification.PendingMatch{Application: app, Model: strings.TrimSpace(other.Product.Model), By: why}
		if rec.Result {
			m.KgCO2e, m.DeclaredUnit = rec.KgCO2e, rec.DeclaredUnit
		}
		out = append(out, m)
	}
	slices.SortFunc(out, func(x, y certification.PendingMatch) int {
		if c := x.Application.CreatedAt.Compare(y.Application.CreatedAt); c != 0 {
			return c
		}
		return bytes.Compare(x.Application.ID[:], y.Application.ID[:])
	})
	return out, nil
}

// sameSpecification reports whether study o, of the holder of study st,
// states st's product: the same mass within certification.SameFigure,
// each of rated power, area and active area that both state within it,
// and the same cell technology where both state one, under st's rule or a
// product code of the same product (same). A product's mass holds its
// bill of materials (the mass balance), and its power and area are on its
// nameplate: a new model name changes none of them.
func sameSpecification(st, o *footprint.Study, same *sameProduct) bool {
	p, q := &st.Product, &o.Product
	if !(p.MassKg > 0) || !certification.SameFigure(p.MassKg, q.MassKg) {
		return false
	}
	for _, f := range [][2]float64{{p.RatedPowerWp, q.RatedPowerWp}, {p.AreaM2, q.AreaM2}, {p.ActiveAreaM2, q.ActiveAreaM2}} {
		if f[0] > 0 && f[1] > 0 && !certification.SameFigure(f[0], f[1]) {
			return false
		}
	}
	if a, b := strings.TrimSpace(p.CellTechnology), strings.TrimSpace(q.CellTechnology); a != "" && b != "" && !strings.EqualFold(footprint.FoldWidth(a), footprint.FoldWidth(b)) {
		return false
	}
	return o.Rule == st.Rule || slices.ContainsFunc(o.Product.ProductCodes, func(pc footprint.ProductCode) bool {
		return same.matches(pc.Scheme, pc.Code, o.Rule)
	})
}

// certifiedElsewhere returns, for application a of study st, the holder's
// valid certificates among peers (another model of the study's product,
// holderCertificates) issued by another certification body than a's whose
// study is st's product by the model number (modelStem) or the
// specification (sameSpecification), as matches of the applications they
// were issued on (status issued; certification.ReviewRecords.Shopped).
// Two applications of one product at two bodies were named to each
// other's reviewer while both were pending (shoppedApplications); once the
// first body issued, the other's review named nothing unless its figure
// fell 10 % or more below (a peer), and the second body issued beside it:
// the demo module as "JM-550" at 151.1 kgCO2e and as "KX-900" at 147.9,
// two valid certificates of one product (red team 67). A peer with the
// study's GTIN is gtinSupersession's, and not repeated here. Each such
// peer's study is decoded: the holder's valid certificates of one product
// under other models at other bodies are few.
func certifiedElsewhere(tx *bolt.Tx, a *certification.Application, st *footprint.Study, peers []*certification.CertificateRecord) ([]certification.PendingMatch, error) {
	var out []certification.PendingMatch
	same, stem := newSameProduct(st), modelStem(st.Product.Model)
	gtin := gtinKey(st.Product.GTIN)
	for _, rec := range peers {
		c := rec.Certificate()
		if rec.Certifier == a.Certifier || c.ID == a.Supersedes || gtin != nil && bytes.Equal(gtinKey(c.Product.GTIN), gtin) {
			continue // the body's own certificates are in its own records
		}
		other, err := findStudy(tx, c.StudyID)
		if footprint.ErrorCode(err) == footprint.ENOTFOUND {
			continue
		} else if err != nil {
			return nil, err
		}
		var why []string
		if stem != "" && modelStem(c.Product.Model) == stem {
			why = append(why, certification.PendingByModel)
		}
		if sameSpecification(st, other, same) {
			why = append(why, certification.PendingBySpecification)
		}
		if len(why) == 0 {
			continue
		}
		app, err := findApplication(tx, rec.ApplicationID)
		if footprint.ErrorCode(err) == footprint.ENOTFOUND {
			continue
		} else if err != nil {
			return nil, err
		}
		m := certification.PendingMatch{Application: app, Model: strings.TrimSpace(other.Product.Model), By: why}
		if r := other.Result; r != nil {
			m.KgCO2e, m.DeclaredUnit = r.KgCO2e, r.DeclaredUnit.String()
		}
		out = append(out, m)
	}
	return out, nil
}
