// Package redact masks personal data in text before it is logged: email
// addresses, phone numbers, payment card numbers (Luhn-checked) and IBANs
// (mod-97 checked). It is applied to every prompt and answer triage logs.
package redact

import (
	"math/big"
	"regexp"
	"strings"
)

var (
	email = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}`)
	iban  = regexp.MustCompile(`\b[A-Z]{2}[0-9]{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?\b`)
	card  = regexp.MustCompile(`\b(?:\d[ -]?){12,18}\d\b`)
	phone = regexp.MustCompile(`(?:\+|\b00)\d{1,3}[\s.\-]?(?:\(\d{1,4}\)[\s.\-]?)?\d{2,4}(?:[\s.\-]?\d{2,4}){1,4}\b|\(\d{3}\)\s?\d{3}[\s.\-]\d{4}\b|\b\d{3}[.\-]\d{3}[.\-]\d{4}\b`)
)

// Text returns s with personal data replaced by [EMAIL], [PHONE], [CARD]
// and [IBAN]. Order numbers, dates and prices are left alone.
func Text(s string) string {
	s = email.ReplaceAllString(s, "[EMAIL]")
	s = iban.ReplaceAllStringFunc(s, func(m string) string {
		if validIBAN(m) {
			return "[IBAN]"
		}
		return m
	})
	s = card.ReplaceAllStringFunc(s, func(m string) string {
		if luhn(m) {
			return "[CARD]"
		}
		return m
	})
	return phone.ReplaceAllString(s, "[PHONE]")
}

func digits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

func luhn(s string) bool {
	d := digits(s)
	if len(d) < 13 || len(d) > 19 {
		return false
	}
	sum := 0
	for i := 0; i < len(d); i++ {
		n := int(d[len(d)-1-i] - '0')
		if i%2 == 1 {
			if n *= 2; n > 9 {
				n -= 9
			}
		}
		sum += n
	}
	return sum%10 == 0
}

func validIBAN(s string) bool {
	s = strings.ReplaceAll(s, " ", "")
	if len(s) < 15 || len(s) > 34 {
		return false
	}
	var b strings.Builder
	for _, r := range s[4:] + s[:4] {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r >= 'A' && r <= 'Z':
			b.WriteString(big.NewInt(int64(r - 'A' + 10)).String())
		default:
			return false
		}
	}
	n, ok := new(big.Int).SetString(b.String(), 10)
	return ok && new(big.Int).Mod(n, big.NewInt(97)).Int64() == 1
}

// Clip bounds s to max bytes (on a rune boundary), marking the cut.
func Clip(s string, max int) string {
	if max <= 0 || len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && (s[cut]&0xC0) == 0x80 {
		cut--
	}
	return s[:cut] + "…[truncated]"
}
