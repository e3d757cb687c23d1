package labels

// Layout constants of the certificate and the label. Lengths are in
// millimetres, font sizes in points.

const ptToMM = 25.4 / 72

// rgb is a colour.
type rgb struct{ r, g, b uint8 }

// Colours. The design is deliberately plain: it must not resemble the
// official 中国产品碳足迹标识 artwork (reference/standards.md §7.1), which only
// its owner may apply.
var (
	colInk    = rgb{0x1a, 0x1a, 0x1a} // body text
	colMuted  = rgb{0x5f, 0x66, 0x6d} // field labels, notes
	colAccent = rgb{0x1f, 0x3a, 0x5f} // headings, rules, bars
	colRule   = rgb{0xc8, 0xcd, 0xd2} // table lines
	colBand   = rgb{0xee, 0xf1, 0xf4} // table header background
	colBar    = rgb{0x3d, 0x6a, 0x9e} // positive stage bars
	colBarNeg = rgb{0x9e, 0x6a, 0x3d} // negative stage bars
	colBlack  = rgb{0x00, 0x00, 0x00}
	colAlert  = rgb{0xb0, 0x1e, 0x1e} // a status other than valid
)

// Certificate (A4 portrait).
const (
	certPageW   = 210.0
	certPageH   = 297.0
	certMargin  = 15.0
	certTop     = 12.0
	certBottom  = certPageH - 12.0 // lowest point of content before a page break
	certContent = certPageW - 2*certMargin

	certTitleSize    = 20.0
	certSubtitleSize = 12.0
	certHeadSize     = 9.5 // section headings
	certBodySize     = 8.5
	certLabelSize    = 7.0 // field labels
	certSmallSize    = 6.5
	certTotalSize    = 22.0

	certLine       = 3.8  // line height of body text
	certSmallLine  = 3.0  // line height of small text
	certLabelW     = 44.0 // width of the field-label column
	certPairRightW = 76.0 // width of the right field of a pair
	certPairLabelW = 28.0 // width of its label column
	certQRSize     = 32.0
	certQRModulePx = 4 // pixels per QR module in the embedded image

	// Stage table and chart.
	certStageNameW  = 84.0
	certStageValueW = 20.0
	certStageShareW = 16.0
	certStageRow    = 4.4
	certBarGap      = 3.0

	// Factor table (format 3).
	certFactorNameW  = 72.0
	certFactorSetW   = 22.0 // set versions in small type, broken between characters if longer
	certFactorShareW = 16.0
	certFactorGradeW = 18.0
)

// Label (landscape, for packaging).
const (
	labelW      = 60.0
	labelH      = 40.0
	labelMargin = 2.2
	labelQRSize = 17.0
	labelMarkH  = 13.0 // height of the empty frame for the certification body's mark

	labelTitleSize = 5.6
	labelValueSize = 17.0
	labelUnitSize  = 6.2
	labelTextSize  = 5.0
	labelNumSize   = 6.0

	// LabelDPI is the resolution of the PNG label.
	LabelDPI = 300
)

// certMetrics are the vertical spacings of the certificate body. Format 1
// keeps the spacing it was issued with, since an issued PDF is verified by
// rendering it again byte for byte; format 2, which prints more (the range,
// the cut-off, three more digests), is set tighter so that a typical
// certificate fits one page. Font sizes are the same in both.
type certMetrics struct {
	line       float64 // line height of body text in fields
	labelLine  float64 // line height of a field label set Chinese over English
	labelPad   float64 // extra height of a stacked label below its last line
	fieldPad   float64 // space below a field
	stageRow   float64 // minimum height of a stage table row
	stageBase  float64 // from the top of a stage row to its first baseline
	headGap    float64 // space above a section heading
	headH      float64 // from the top of a heading to its rule
	blockGap   float64 // space below a block of the certification section
	smallLine  float64 // line height of a wrapped digest or verify line
	smallGap   float64 // extra space between digest and verify lines
	signGap    float64 // space above the signature line
	digestsTop float64 // from the seal block to the first digest line
}

var (
	certMetricsV1 = certMetrics{line: certLine, labelLine: certSmallLine, labelPad: 0.9, fieldPad: 0.6, stageRow: certStageRow, stageBase: 3.7,
		headGap: 2, headH: 4.5, blockGap: 0.8, smallLine: certSmallLine, smallGap: 0.1, signGap: 0.6, digestsTop: 3}
	certMetricsV2 = certMetrics{line: 3.45, labelLine: 2.75, labelPad: 0.6, fieldPad: 0.35, stageRow: 4.0, stageBase: 3.3,
		headGap: 1.5, headH: 4.3, blockGap: 0.4, smallLine: 2.7, smallGap: 0, signGap: 0.4, digestsTop: 2.8}
)
