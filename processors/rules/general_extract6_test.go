package rules

import "testing"

// TestExtractGeneralKinds6: the kinds of text a sixth look at the misses
// of 2026-11-29d and -29e showed, written anew in other voices (none is a
// labelled record): an article, a unit word and "of" are a count of one
// ("a tub of", "a copy of", but "a pair of" stays two and "a copy of the
// invoice" orders nothing); metres and yards are measures, so "20 metres
// copper pipe" is 20 of the pipe; "N off" counts parts in an engineer's
// list; a number word after "in" or "into" counts nothing ("in one box").
func TestExtractGeneralKinds6(t *testing.T) {
	expectOrders(t, defaultExtractor(t), []orderCase{
		{"a unit of", "salon", "Hi, please send 3 bottles of the argan shampoo and a tub of the clay mask. Thanks, Linh", []string{"3 argan shampoo", "1 clay mask"}},
		{"a copy of a book", "library", "We'd like four of the large-print atlases and a copy of \"The Hobbit\" in Welsh.", []string{"4 large-print atlases", "1 Hobbit"}},
		{"a pair of stays two", "stables", "Please send a pair of the leather gaiters and 2 hoof picks.", []string{"2 leather gaiters", "2 hoof picks"}},
		{"a copy of the invoice is no order", "invoice", "Could you send me a copy of the invoice for October please?", nil},
		{"metres of goods", "site", "Need for Tuesday:\n15 metres garden hose 1/2in\n4 hose connectors\n2 spray guns", []string{"15 garden hose 1/2in", "4 hose connectors", "2 spray guns"}},
		{"yards of cloth", "fabric", "Please send 12 yards of the red tartan and 6 yards of plain navy wool.", []string{"12 red tartan", "6 plain navy wool"}},
		{"parts off", "engine", "Please supply:\nCarburettor gasket — 2 off\nChoke cable — 1 off\nSpark plug NGK B6 - 4 off", []string{"2 Carburettor gasket", "1 Choke cable", "4 Spark plug NGK B6"}},
		{"in one box", "bits", "Please send 5 x nail files and 3 x cuticle oils, all in one box.", []string{"5 nail files", "3 cuticle oils"}},
	})
}
