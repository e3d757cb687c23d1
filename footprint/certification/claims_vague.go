package certification

// unanchoredRe, in a product's names and model: the product's carbon
// as the lowest of all, or lower than something unnamed ("lowest carbon
// footprint", "the world's lowest-carbon module", "碳足迹最低", "最低碳",
// "lower carbon footprint", "碳足迹更低"). Each compares the product with
// others, as rankRe's "同类最低" and "best in class" do, with the baseline
// left for the reader to supply; this certificate certifies one footprint
// and compares nothing (session 56). "Low carbon footprint" and 低碳 state
// no comparison, and stay accepted; a not-applicable reason may say a
// stage's emissions are the smallest ("运输排放量最小"), so the pattern
// reads a product's names and model only. A bare "footprint" is not read
// ("smaller footprint" is a device's desk space), nor bare CO2 after a
// comparative ("lower CO2 indoors" is an air purifier's), nor 碳化硅. The greener alternative to
// another names what it compares with ("the low-carbon alternative to
// LONGi").
var unanchoredRe = mustPattern(`(^|[^a-z])((lowest|least)[\s-]*(carbon|co2|emissions?|ghg)|(lowest|smallest)[\s-]*carbon[\s-]*footprint)` +
	`|(carbon[\s-]*footprint|emissions)[^.;,]{0,12}[^a-z](lowest|smallest)($|[^a-z])|最低碳($|[^化纤酸素钢水])|(碳足迹|碳排放量?|碳强度|二氧化碳排放量?)[^。；，,]{0,4}(最低|最少|最小)` +
	`|(^|[^a-z])(lower|reduced|smaller)[\s-]*(carbon[\s-]*(footprint|emissions?)|(co2|ghg)[\s-]*emissions?)|更低碳($|[^化纤酸素钢水])|(碳足迹|碳排放量?|碳强度)[^。；，,]{0,2}更(低|少|小)` +
	// the greener alternative to another ("the low-carbon alternative to LONGi", "替代隆基的低碳之选")
	`|(^|[^a-z])(low(er)?|green(er)?|clean(er)?)[\s-]*(carbon[\s-]*)?(alternative|replacement|substitute)[\s-]*(to|for)\s+[a-z\p{Han}]` +
	`|(替代|取代)[^。；，,]{1,12}(低碳|绿色|环保|清洁)(之选|选择|方案|产品|替代)`)
