// Package footprint holds the domain of the Chengdu product carbon-footprint
// service: emission factors and the versioned sets that publish them, units of
// measure, footprint studies and the lifecycle engine that turns a study into a
// traceable result, and the service interfaces the adapters implement.
//
// The package depends on the standard library (and github.com/google/uuid)
// only. Storage (factordb), HTTP (api), PDF rendering (labels) and seed data
// (seed) are adapters that import footprint; footprint imports none of them,
// and only cmd wires them together.
//
// # Factors and factor sets
//
// A Factor is an emitted mass of CO2e (or of CO2 alone) per unit of an
// activity. Its FactorUnit carries the GHG basis, so the life-cycle
// carbon-footprint electricity factors (kgCO2e/kWh) can never be confused with
// the Ministry of Ecology and Environment's CO2-only grid factors (kgCO2/kWh)
// used for organisational accounting. Each factor keeps its source, year,
// geography, boundary, data-quality ratings and the product codes it applies
// to.
//
// Factors are published in FactorSets ("2026.1"). A draft set can be imported
// into; a published set is immutable, so a study pinned to a set version gives
// the same result whenever it is recomputed. A newer set may mark a factor as
// superseded by another.
//
// # Units
//
// Every quantity has a Unit with a Dimension; Convert refuses to cross
// dimensions. Factor units are ratios (FactorUnit) whose denominator is a Unit.
//
// # Studies and the engine
//
// A Study describes one product and how its footprint is accounted: the
// accounting rule it follows (pv-module, electronics, display: rules are
// data, see rules/*.json), the pinned factor-set version, a multi-level BOM
// whose lines name a factor, a sub-assembly or a supplier's certified
// footprint, process energy (grid life-cycle factors or green-power
// instruments, whose serials can be claimed once), fuels, transport,
// packaging, use and end of life. Calculate is pure and deterministic: the
// same study and factor snapshot give byte-identical canonical JSON and the
// same digest. Every kilogram in a Result names the factor code, set and
// source it came from. Recycling credits are reported apart, never netted.
//
// # Subpackages
//
// Certificates (the signed document, its formats and the certification
// service: applications, issue, status) are in footprint/certification;
// factor search and plausibility screening in footprint/factorlib; PACT
// data exchange in footprint/pact; the CSV and text formats in
// footprint/tabular. Each imports footprint; footprint imports none of them.
//
// # Errors
//
// Errors a client may see are *Error values with a code from a small closed
// set (EINVALID, ENOTFOUND, …); anything else is internal.
package footprint
