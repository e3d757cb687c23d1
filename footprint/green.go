package footprint

import (
	"math"
	"slices"
	"strings"

	"github.com/chengdu-pcf/pcf/footprint/internal/serial"
)

// InstrumentKind is the kind of a green-power instrument.
type InstrumentKind string

// Green-power instrument kinds.
const (
	// InstrumentGreenCertificate is a 绿证 (green electricity certificate,
	// GEC): one certificate per MWh of renewable generation, issued for one
	// generation period. A certificate serial is claimed once, ever. A
	// batch of N MWh is N certificates with consecutive serials, named by
	// its first and last serial (GreenInstrument.SerialLast).
	InstrumentGreenCertificate InstrumentKind = "green-certificate"

	// InstrumentGreenPowerTrading is a 绿电 (green power trading) contract:
	// its serial is a contract or transaction number that covers
	// deliveries in several periods, each of which can be claimed once,
	// and never more than its total (ContractMWh) in all.
	InstrumentGreenPowerTrading InstrumentKind = "green-power-trading"
)

// InstrumentKinds lists the accepted instrument kinds.
var InstrumentKinds = []InstrumentKind{InstrumentGreenCertificate, InstrumentGreenPowerTrading}

// GreenInstrument is a green-power instrument claimed for electricity of a
// study.
//
// Electricity covered by an instrument uses the life-cycle factor of the instrument's generation
// technology (Factor, e.g. ELEC-CN-GEN-PV-CF-2024), plus the transmission and distribution factor
// when the power is delivered through the grid (TransmissionFactor, e.g. ELEC-CN-TD-LOSS-CF-2024):
// a product footprint counts the life-cycle emissions of the supply, which are not zero for
// renewable generation (ISO 14067:2018 6.4.9.4, reference/standards.md §1.2). Zero is used only
// where a rule explicitly allows it (Rule.ZeroEmissionInstruments), which none of the built-in
// rules does.
type GreenInstrument struct {
	Kind               InstrumentKind `json:"kind"`
	Serial             string         `json:"serial"`                        // certificate or contract serial number (the first certificate of a batch)
	SerialLast         string         `json:"serial_last,omitempty"`         // last certificate of a batch of green certificates ("": the MWh certificates from Serial on)
	MWh                float64        `json:"mwh"`                           // energy the instrument represents: for a green-power trading contract, the part of it this study claims
	ContractMWh        float64        `json:"contract_mwh,omitempty"`        // a green-power trading contract's whole delivery over its term (required for that kind; absent in studies stored before)
	Period             Period         `json:"period"`                        // generation (or delivery) period
	Technology         string         `json:"technology,omitempty"`          // "pv", "wind", "hydro", "csp", "biomass" (RenewableTechnologies); must match Factor's role
	Factor             string         `json:"factor,omitempty"`              // generation life-cycle factor of the technology (role generation:<technology>)
	TransmissionFactor string         `json:"transmission_factor,omitempty"` // T&D factor including line losses (role td); required for grid delivery
	Delivery           string         `json:"delivery,omitempty"`            // DeliveryGrid ("" = grid), DeliveryOnSite or DeliveryDirectLine
}

// How the electricity of a green-power instrument reaches the site. Power
// delivered through the public grid carries transmission and distribution
// (and its losses) on top of its generation; power generated on the site or
// brought by a private direct line does not, and a study must say so
// explicitly: a T&D factor is never dropped by leaving it out.
const (
	DeliveryGrid       = "grid"
	DeliveryOnSite     = "on-site"
	DeliveryDirectLine = "direct-line"
)

// Deliveries lists the accepted deliveries.
var Deliveries = []string{DeliveryGrid, DeliveryOnSite, DeliveryDirectLine}

// NormalizeSerial returns the form in which serials are shown: trimmed and
// upper-case, so "gec-001 " and "GEC-001" are the same instrument.
func NormalizeSerial(s string) string { return serial.Normalize(s) }

// SerialKey returns the form in which the double-claim register compares
// serials (serial.Key): punctuation folded, look-alike letters read as
// digits, numbers without leading zeros, so that "GEC-2025-000001.",
// "GEC--2025-1" and "GEC-2025-OOOOO1" are one certificate. Changing it
// needs a new re-key marker in factordb's index migrations.
func SerialKey(s string) string { return serial.Key(s) }

// MaxSerialLen is the longest instrument serial accepted.
const MaxSerialLen = serial.MaxLen

// MaxInstruments is the most green-power instruments a study claims: as many as a certificate prints.
const MaxInstruments = 50

// GreenClaim is one instrument claimed by one study, as the study store
// records it (the double-claim register).
type GreenClaim struct {
	Serial      string // normalised (NormalizeSerial)
	SerialLast  string // normalised; "" for one serial, or a batch read from MWh (Range)
	Kind        InstrumentKind
	Period      Period
	MWh         float64
	ContractMWh float64 // a green-power trading contract's total; 0 for a claim stored before totals (CheckGreenClaims)
	StudyID     string
	Path        string // where the study gives it, e.g. electricity[0].instruments[1]; "" for a held claim
}

// Range returns what claim c holds in the register: the text before the
// number of its serial and the first and last number (serial.Number). A
// green certificate claim without SerialLast holds the MWh certificates
// from its serial on, rounded up: the batch a claim stored before ranges
// stood for, read in the most protective way; so does a batch whose last
// serial the key reads under another prefix (numbers across a year).
func (c GreenClaim) Range() (prefix, first, last string) {
	prefix, first, _ = serial.Number(c.Serial)
	if lp, last, _ := serial.Number(c.SerialLast); c.SerialLast != "" && lp == prefix {
		return prefix, first, last
	}
	if last = first; c.Kind == InstrumentGreenCertificate && c.MWh > 1 {
		last = serial.Plus(first, c.MWh-1)
	}
	return prefix, first, last
}

// Overlaps reports whether claims c and other hold a serial in common.
func (c GreenClaim) Overlaps(other GreenClaim) bool {
	p, f, l := c.Range()
	q, g, m := other.Range()
	return p == q && serial.Compare(f, m) <= 0 && serial.Compare(g, l) <= 0
}

// Name returns the serial of c, or the first and last serial of its batch.
func (c GreenClaim) Name() string {
	return strings.TrimSuffix(NormalizeSerial(c.Serial)+" to "+NormalizeSerial(c.SerialLast), " to ")
}

// Conflicts reports whether claim c cannot coexist with claim other: they
// hold a serial in common (Overlaps: a green certificate inside another
// claim's batch is that claim's), they belong to different studies, and
// either one of them is a green certificate (a 绿证 is claimed once,
// whatever the period) or their periods overlap (a 绿电 contract serial
// may be claimed once per delivery period, within its total:
// CheckGreenClaims). Claims by the same study never
// conflict: a study may be stored again with the same instruments.
func (c GreenClaim) Conflicts(other GreenClaim) bool {
	gec := c.Kind == InstrumentGreenCertificate || other.Kind == InstrumentGreenCertificate
	return c.StudyID != other.StudyID && c.Overlaps(other) && (gec || c.Period.Overlaps(other.Period))
}

// CheckGreenClaims checks new claims of study studyID against claims already
// held (by any study). It returns ECONFLICT naming the serial (or range)
// and the period held for the first conflicting claim, in the order of
// claims, or nil. It does not name the study that holds the serial: that
// study may be another organisation's, and its ID is private (issue 9 item
// 8). The study store calls it with the held claims that overlap the new
// ones, inside its write transaction, so the rule lives in one place.
//
// A green-power trading contract is claimed in parts, any period: the MWh
// of the new claim and of the other studies' held claims on the contract
// must not pass the total the new claim states (ContractMWh; ECONFLICT
// naming its mwh), nor may a held claim state another total (naming its
// contract_mwh). A held claim stored before totals states none: its MWh
// count against the new claim's total, the most protective reading of a
// part of unknown size. A claim stating no total is not checked so.
func CheckGreenClaims(held []GreenClaim, studyID string, claims []GreenClaim) error {
	for _, c := range claims {
		c.StudyID = studyID
		sum := c.MWh
		for _, h := range held {
			other := h.StudyID != studyID && c.Overlaps(h) // one record per serial and study: no part counted twice
			switch {
			case c.Conflicts(h):
				return c.conflict("serial", "green-power instrument %s (%s) is already claimed by another study for %s", c.Name(), c.Kind, h.Period)
			case other && c.ContractMWh > 0 && h.ContractMWh > 0 && h.ContractMWh != c.ContractMWh:
				return c.conflict("contract_mwh", "green-power trading contract %s is claimed by another study stating contract_mwh %s, not %s: a contract has one total", c.Name(), formatNumber(h.ContractMWh), formatNumber(c.ContractMWh))
			case other:
				sum += h.MWh
			}
		}
		if c.ContractMWh > 0 && sum > c.ContractMWh*(1+1e-9) { // not for the rounding of a sum of parts
			return c.conflict("mwh", "green-power trading contract %s delivers %s MWh over its term and other studies already claim %s MWh of it: at most %s MWh are left", c.Name(), formatNumber(c.ContractMWh), formatNumber(sum-c.MWh), formatNumber(max(0, c.ContractMWh-sum+c.MWh)))
		}
	}
	return nil
}

// conflict returns ECONFLICT about field of the instrument of claim c
// (without a field for a claim given without its path).
func (c GreenClaim) conflict(field, format string, args ...any) error {
	err := Errorf(ECONFLICT, format, args...)
	if c.Path != "" {
		err.Field = c.Path + "." + field
	}
	return err
}

// GreenClaims returns the green-power claims the study makes, one per
// instrument, with normalised serials and the study's ID (so call it once
// the ID is set), in the order of its electricity lines.
func (s *Study) GreenClaims() []GreenClaim {
	var claims []GreenClaim
	for j, e := range s.Electricity {
		for i := 0; e != nil && i < len(e.Instruments); i++ {
			if in := e.Instruments[i]; in != nil {
				claims = append(claims, in.claim(s.ID, at(at("electricity", j)+".instruments", i)))
			}
		}
	}
	return claims
}

// claim returns the claim of instrument in by study studyID.
func (in *GreenInstrument) claim(studyID, path string) GreenClaim {
	return GreenClaim{Serial: NormalizeSerial(in.Serial), SerialLast: NormalizeSerial(in.SerialLast), Kind: in.Kind, Period: in.Period, MWh: in.MWh, ContractMWh: in.ContractMWh, StudyID: studyID, Path: path}
}

// validateInstruments checks the instruments of one electricity line and
// appends their claims to seen, so that an instrument claimed twice in one
// study (the same serial, or one inside another's batch) is refused.
func validateInstruments(path string, e *ElectricityLine, study Period, seen *[]GreenClaim) error {
	for i, in := range e.Instruments {
		p := at(path+".instruments", i)
		if len(*seen) >= MaxInstruments { // each is compared with those before it (a batch is a range)
			return FieldErrorf(EINVALID, p, "a study claims at most %d green-power instruments", MaxInstruments)
		}
		if in == nil {
			return FieldErrorf(EINVALID, p, "instrument is empty")
		}
		sn, last, tech := NormalizeSerial(in.Serial), NormalizeSerial(in.SerialLast), strings.ToLower(strings.TrimSpace(in.Technology))
		prefix, first, width := serial.Number(sn)
		lp, ln, lw := serial.Number(last)
		gec := in.Kind == InstrumentGreenCertificate
		switch {
		case !slices.Contains(InstrumentKinds, in.Kind):
			return FieldErrorf(EINVALID, p+".kind", "unknown instrument kind %q (want %s or %s)", in.Kind, InstrumentGreenCertificate, InstrumentGreenPowerTrading)
		case sn == "" || SerialKey(sn) == "":
			return FieldErrorf(EINVALID, p+".serial", "serial number is required")
		case !serial.Valid(sn):
			return FieldErrorf(EINVALID, p+".serial", "serial %q may hold only letters A-Z, digits and %s, at most %d characters: a serial written with look-alike, full-width, invisible or space characters would pass the double-claim register as another instrument", in.Serial, serial.Punct, MaxSerialLen)
		case !(in.MWh > 0) || isNaNOrInf(in.MWh):
			return FieldErrorf(EINVALID, p+".mwh", "mwh must be a positive number")
		case in.MWh*1000 > MaxQuantity:
			return FieldErrorf(EINVALID, p+".mwh", "mwh %s is out of range (at most %s)", formatNumber(in.MWh), formatNumber(MaxQuantity/1000))
		case gec && in.MWh != math.Trunc(in.MWh):
			return FieldErrorf(EINVALID, p+".mwh", "mwh %s is not a whole number: a green certificate is one MWh", formatNumber(in.MWh))
		case gec && in.MWh > 1 && first == "" && last == "":
			return FieldErrorf(EINVALID, p+".serial", "serial %q does not end in a number and has no serial_last: a batch of %s certificates is a range of serials ending in numbers (one certificate per MWh)", in.Serial, formatNumber(in.MWh))
		case last != "" && !gec:
			return FieldErrorf(EINVALID, p+".serial_last", "a %s contract has one serial: serial_last is for a batch of green certificates", in.Kind)
		case last != "" && (!serial.Valid(last) || ln == "" || lp != prefix || lw != width):
			return FieldErrorf(EINVALID, p+".serial_last", "serial_last %q must be serial %s with another number of as many digits", in.SerialLast, sn)
		case last != "" && serial.Count(first, ln) != in.MWh:
			return FieldErrorf(EINVALID, p+".serial_last", "serials %s to %s are not %s certificates: one "+
				"certificate per MWh, numbered on from serial", sn, last, formatNumber(in.MWh))
		case gec != (in.ContractMWh == 0) || !gec && !(in.ContractMWh > 0 && in.ContractMWh*1000 <= MaxQuantity):
			return FieldErrorf(EINVALID, p+".contract_mwh", "a %s contract states contract_mwh, the MWh it delivers over its whole term (positive, at most %s), which all studies claiming it share; a green certificate states none", InstrumentGreenPowerTrading, formatNumber(MaxQuantity/1000))
		case !gec && in.MWh > in.ContractMWh:
			return FieldErrorf(EINVALID, p+".mwh", "mwh %s is more than the contract delivers (contract_mwh %s)", formatNumber(in.MWh), formatNumber(in.ContractMWh))
		case in.Delivery != "" && !slices.Contains(Deliveries, in.Delivery):
			return FieldErrorf(EINVALID, p+".delivery", "unknown delivery %q (want %s)", in.Delivery, strings.Join(Deliveries, ", "))
		case in.Technology != "" && !slices.Contains(GenerationTechnologies, tech):
			return FieldErrorf(EINVALID, p+".technology", "unknown technology %q (want one of %s)", in.Technology, strings.Join(RenewableTechnologies, ", "))
		case in.Technology != "" && !slices.Contains(RenewableTechnologies, tech):
			return FieldErrorf(EINVALID, p+".technology", "technology %s is not a renewable technology: "+
				"green-power instruments are for %s", in.Technology, strings.Join(RenewableTechnologies, ", "))
		case in.Period.IsZero() || in.Period.End.Before(in.Period.Start):
			return FieldErrorf(EINVALID, p+".period", "a period with start not after end is required")
		case !study.IsZero() && !in.Period.Overlaps(study):
			// ISO 14067 6.4.9.4: the instrument must match the time period
			// of the electricity use it covers.
			return FieldErrorf(EINVALID, p+".period", "instrument period %s does not overlap the study reference period %s", in.Period, study)
		}
		c := in.claim("", p)
		for _, h := range *seen {
			if c.Overlaps(h) {
				return FieldErrorf(EINVALID, p+".serial", "instrument %s is claimed twice in this study (first at %s)", c.Name(), h.Path)
			}
		}
		*seen = append(*seen, c)
	}
	return nil
}
