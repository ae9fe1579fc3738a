// Package swar tests eight bytes at a time in a uint64 ("SIMD within a
// register"), for the scanners that read every byte of a record: a word
// none of whose bytes can stop a scan is skipped whole, and only a word
// that may hold one is read byte by byte. The tests are exact for the
// question "is there such a byte in the word" (not for where it is).
package swar

const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// Word is the eight bytes of b from i, the first one lowest; i+8 <= len(b).
func Word(b []byte, i int) uint64 {
	b = b[i : i+8]
	return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
}

// WordString is Word of a string.
func WordString(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// Less reports whether a byte of x is below n; n at most 128.
func Less(x uint64, n byte) bool { return (x-ones*uint64(n))&^x&highs != 0 }

// Above reports whether a byte of x is above n; n at most 127.
func Above(x uint64, n byte) bool { return (x+ones*uint64(127-n)|x)&highs != 0 }

// Has reports whether a byte of x is c.
func Has(x uint64, c byte) bool { return Less(x^(ones*uint64(c)), 1) }

// Equal has the high bit of each byte of x that is c set, and no other bit:
// exact for every byte.
func Equal(x uint64, c byte) uint64 {
	y := x ^ (ones * uint64(c)) // zero where c
	const low7 = ones * 0x7f
	return ^((y&low7 + low7) | y | low7)
}

// Pair reports whether two neighbouring bytes of x are c.
func Pair(x uint64, c byte) bool {
	e := Equal(x, c)
	return e&(e>>8) != 0
}
