// Package certification holds product carbon-footprint certificates and
// their lifecycle: the certificate document (Certificate) and its formats
// 1 to 3, its canonical encoding, signing with Ed25519 (SignCertificate)
// and offline verification against the published keys
// (VerifyCertificate), the supplier list a format-2 or -3 certificate
// commits to, and the certification service the adapters implement
// (applications, issue, live status). The live status (valid, suspended,
// withdrawn, superseded) is recorded apart from the signed content, with an
// audit event for every change; expired is derived from the expiry date.
//
// It builds on the footprint domain (studies, results, rules) and imports
// only the standard library, github.com/google/uuid and footprint;
// footprint does not import it. Verifiers (labels, pcf verify) need this
// package and footprint only.
package certification
