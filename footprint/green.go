package footprint

import (
	"fmt"
	"slices"
	"strings"
)

// InstrumentKind is the kind of a green-power instrument.
type InstrumentKind string

// Green-power instrument kinds.
const (
	// InstrumentGreenCertificate is a 绿证 (green electricity certificate,
	// GEC): one certificate per MWh of renewable generation, issued for one
	// generation period. A certificate serial is claimed once, ever.
	InstrumentGreenCertificate InstrumentKind = "green-certificate"

	// InstrumentGreenPowerTrading is a 绿电 (green power trading) contract:
	// its serial is a contract or transaction number that covers
	// deliveries in several periods, each of which can be claimed once.
	InstrumentGreenPowerTrading InstrumentKind = "green-power-trading"
)

// InstrumentKinds lists the accepted instrument kinds.
var InstrumentKinds = []InstrumentKind{InstrumentGreenCertificate, InstrumentGreenPowerTrading}

// GreenInstrument is a green-power instrument claimed for electricity of a
// study.
//
// Electricity covered by an instrument uses the life-cycle factor of the
// instrument's generation technology (Factor, e.g. ELEC-CN-GEN-PV-CF-2024),
// plus the transmission and distribution factor when the power is delivered
// through the grid (TransmissionFactor, e.g. ELEC-CN-TD-LOSS-CF-2024): a
// product footprint counts the life-cycle emissions of the supply, which are
// not zero for renewable generation (ISO 14067:2018 6.4.9.4,
// reference/standards.md §1.2). Zero is used only where a rule explicitly
// allows it (Rule.ZeroEmissionInstruments), which none of the built-in rules
// does.
type GreenInstrument struct {
	Kind               InstrumentKind `json:"kind"`
	Serial             string         `json:"serial"`                        // certificate or contract serial number
	MWh                float64        `json:"mwh"`                           // energy the instrument represents
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

// NormalizeSerial returns the form in which serials are compared: trimmed and
// upper-case, so "gec-001 " and "GEC-001" are the same instrument.
func NormalizeSerial(serial string) string {
	return strings.ToUpper(strings.TrimSpace(serial))
}

// SerialKey returns the form in which the double-claim register compares
// serials: NormalizeSerial, with every run of the punctuation a serial may
// hold (serialPunct) read as one hyphen, and none at either end. A person
// reads "GEC-001.", "GEC-001#", "GEC--001", "GEC/001" and "GEC-001" as one
// certificate, so the register does too; the serial is shown as written
// (NormalizeSerial). "GEC-0-01" and "GEC-001" stay two serials.
//
// Serials are codes, not words, so the letters that read as digits are
// read as digits in every run (O as 0, I and L as 1: "GEC-2025-IOO" is
// GEC-2025-100, "GEC2O25" GEC2025), and a run of digits is read as a
// number, without its leading zeros ("GEC-2025-000001", "GEC-2025-0000001",
// "GEC-2025-1" and "GEC-2025-OOOOO1" are one certificate). The key is only
// compared, never shown. Changing it needs a new re-key marker in
// factordb's index migrations, so that stored claims move to the new key.
func SerialKey(serial string) string {
	isPunct := func(r rune) bool { return strings.ContainsRune(serialPunct, r) }
	runs := strings.FieldsFunc(serialDigits.Replace(NormalizeSerial(serial)), isPunct)
	for i, run := range runs {
		if strings.Trim(run, "0123456789") == "" {
			if run = strings.TrimLeft(run, "0"); run == "" {
				run = "0"
			}
			runs[i] = run
		}
	}
	return strings.Join(runs, "-")
}

// serialDigits reads the letters of a serial that look like digits as
// those digits.
var serialDigits = strings.NewReplacer("O", "0", "I", "1", "L", "1")

// MaxSerialLen is the longest instrument serial accepted.
const MaxSerialLen = 128

// serialPunct lists the punctuation a serial may hold besides letters and
// digits.
const serialPunct = "-_./:#"

// validSerial reports whether a normalised serial holds only ASCII
// upper-case letters, digits and serialPunct. The double-claim register
// compares serials as NormalizeSerial writes them (trimmed, upper-case):
// "GEC-001" written with a full-width letter, a non-breaking hyphen, a
// zero-width space or a doubled inner space would otherwise be another
// serial to the register while naming the same certificate to a person.
func validSerial(serial string) bool {
	return len(serial) <= MaxSerialLen && !strings.ContainsFunc(serial, func(c rune) bool {
		return !('A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.ContainsRune(serialPunct, c))
	})
}

// GreenClaim is one instrument claimed by one study, as the study store
// records it (the double-claim register).
type GreenClaim struct {
	Serial  string // normalised (NormalizeSerial)
	Kind    InstrumentKind
	Period  Period
	MWh     float64
	StudyID string
}

// Conflicts reports whether claim c cannot coexist with claim other: both
// name the same serial, they belong to different studies, and either one of
// them is a green certificate (a 绿证 is claimed once, whatever the period)
// or their periods overlap (a 绿电 contract serial may be claimed once per
// delivery period). Claims by the same study never conflict: a study may be
// stored again with the same instruments.
func (c GreenClaim) Conflicts(other GreenClaim) bool {
	if SerialKey(c.Serial) != SerialKey(other.Serial) || c.StudyID == other.StudyID {
		return false
	}
	if c.Kind == InstrumentGreenCertificate || other.Kind == InstrumentGreenCertificate {
		return true
	}
	return c.Period.Overlaps(other.Period)
}

// CheckGreenClaims checks new claims of study studyID against claims already
// held (by any study). It returns ECONFLICT naming the serial and the period
// held for the first conflicting claim, in the order of claims, or nil. It
// does not name the study that holds the serial: that study may be another
// organisation's, and its ID is private (issue 9 item 8). The study store
// calls it with the held claims of the same serials, inside its write
// transaction, so the rule lives in one place.
func CheckGreenClaims(held []GreenClaim, studyID string, claims []GreenClaim) error {
	for _, c := range claims {
		c.StudyID = studyID
		for _, h := range held {
			if c.Conflicts(h) {
				return Errorf(ECONFLICT, "green-power instrument %s (%s) is already claimed by another study for %s",
					NormalizeSerial(c.Serial), c.Kind, h.Period)
			}
		}
	}
	return nil
}

// GreenClaims returns the green-power claims the study makes, one per
// instrument, with normalised serials and the study's ID (so call it once
// the ID is set), in the order of its electricity lines.
func (s *Study) GreenClaims() []GreenClaim {
	var claims []GreenClaim
	for _, e := range s.Electricity {
		if e == nil {
			continue
		}
		for _, in := range e.Instruments {
			if in == nil {
				continue
			}
			claims = append(claims, GreenClaim{
				Serial:  NormalizeSerial(in.Serial),
				Kind:    in.Kind,
				Period:  in.Period,
				MWh:     in.MWh,
				StudyID: s.ID,
			})
		}
	}
	return claims
}

// validateInstruments checks the instruments of one electricity line and
// records their serials in seen (serial → path of first use), so that a
// serial listed twice in one study is refused.
func validateInstruments(path string, e *ElectricityLine, study Period, seen map[string]string) error {
	for i, in := range e.Instruments {
		p := fmt.Sprintf("%s.instruments[%d]", path, i)
		if in == nil {
			return FieldErrorf(EINVALID, p, "instrument is empty")
		}
		serial := NormalizeSerial(in.Serial)
		switch {
		case !slices.Contains(InstrumentKinds, in.Kind):
			return FieldErrorf(EINVALID, p+".kind", "unknown instrument kind %q (want %s or %s)", in.Kind, InstrumentGreenCertificate, InstrumentGreenPowerTrading)
		case serial == "" || SerialKey(serial) == "":
			return FieldErrorf(EINVALID, p+".serial", "serial number is required")
		case !validSerial(serial):
			return FieldErrorf(EINVALID, p+".serial", "serial %q may hold only letters A-Z, digits and %s, at most %d characters: a serial written with look-alike, full-width, invisible or space characters would pass the double-claim register as another instrument", in.Serial, serialPunct, MaxSerialLen)
		case !(in.MWh > 0) || isNaNOrInf(in.MWh):
			return FieldErrorf(EINVALID, p+".mwh", "mwh must be a positive number")
		case in.MWh*1000 > MaxQuantity:
			return FieldErrorf(EINVALID, p+".mwh", "mwh %s is out of range (at most %s)", formatNumber(in.MWh), formatNumber(MaxQuantity/1000))
		case in.Delivery != "" && !slices.Contains(Deliveries, in.Delivery):
			return FieldErrorf(EINVALID, p+".delivery", "unknown delivery %q (want %s)", in.Delivery, strings.Join(Deliveries, ", "))
		case in.Technology != "" && !slices.Contains(GenerationTechnologies, strings.ToLower(strings.TrimSpace(in.Technology))):
			return FieldErrorf(EINVALID, p+".technology", "unknown technology %q (want one of %s)", in.Technology, strings.Join(RenewableTechnologies, ", "))
		case in.Technology != "" && !slices.Contains(RenewableTechnologies, strings.ToLower(strings.TrimSpace(in.Technology))):
			return FieldErrorf(EINVALID, p+".technology", "technology %s is not a renewable technology: green-power instruments are for %s", in.Technology, strings.Join(RenewableTechnologies, ", "))
		case in.Period.IsZero() || in.Period.End.Before(in.Period.Start):
			return FieldErrorf(EINVALID, p+".period", "a period with start not after end is required")
		case !study.IsZero() && !in.Period.Overlaps(study):
			// ISO 14067 6.4.9.4: the instrument must match the time period
			// of the electricity use it covers.
			return FieldErrorf(EINVALID, p+".period", "instrument period %s does not overlap the study reference period %s", in.Period, study)
		}
		if first, dup := seen[SerialKey(serial)]; dup {
			return FieldErrorf(EINVALID, p+".serial", "instrument %s is claimed twice in this study (first at %s)", serial, first)
		}
		seen[SerialKey(serial)] = p
	}
	return nil
}
