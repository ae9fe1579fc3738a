package rules

import "testing"

func TestParseAmount(t *testing.T) {
	tests := []struct {
		in   string
		want float64
	}{
		{"12.50", 12.5}, {"9,99", 9.99}, {"1,000", 1000}, {"1,234.56", 1234.56},
		{"1.234,56", 1234.56}, {"4", 4}, {"0,12", 0.12}, {"189.00", 189},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := parseAmount(tt.in)
			if !ok || got != tt.want {
				t.Errorf("parseAmount(%q) = %v, %v; want %v", tt.in, got, ok, tt.want)
			}
		})
	}
}

func TestMoneyFind(t *testing.T) {
	r, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	c, err := compileExtractor(&r.Extractor)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		in     string
		amount float64
		cur    string
	}{
		{"$12.50 each", 12.5, "USD"},
		{"à €9,99/Stück", 9.99, "EUR"},
		{"12.50 USD", 12.5, "USD"},
		{"at 4.20 GBP per unit", 4.2, "GBP"},
		{"@ $3", 3, "USD"},
		{"0,12 € pro Stück", 0.12, "EUR"},
		{"EUR 42.00 per unit", 42, "EUR"},
		{"£18.50 each", 18.5, "GBP"},
		{"1.90 EUR/pc", 1.9, "EUR"},
		{"20 euros", 20, "EUR"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got := c.money.find(tt.in)
			if len(got) != 1 || got[0].amount != tt.amount || got[0].currency != tt.cur {
				t.Errorf("find(%q) = %+v, want %v %s", tt.in, got, tt.amount, tt.cur)
			}
		})
	}
	if got := c.money.find("SKU-4471 x3 on 2026-11-27"); len(got) != 0 {
		t.Errorf("found money in %+v", got)
	}
}
