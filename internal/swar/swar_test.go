package swar

import (
	"math/rand/v2"
	"testing"
)

// TestWordTests: Less, Above and Has answer as a byte-by-byte loop does,
// for every byte value in every position beside random and extreme
// neighbours, and every threshold.
func TestWordTests(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var words [][8]byte
	for v := range 256 {
		for pos := range 8 {
			for _, fill := range []byte{0, 0x20, 0x41, 0x7f, 0x80, 0xff, byte(r.IntN(256))} {
				var w [8]byte
				for i := range w {
					w[i] = fill
				}
				w[pos] = byte(v)
				words = append(words, w)
			}
		}
	}
	for range 20000 {
		var w [8]byte
		for i := range w {
			w[i] = byte(r.IntN(256))
		}
		words = append(words, w)
	}
	for _, w := range words {
		x, s := Word(w[:], 0), string(w[:])
		if WordString(s, 0) != x {
			t.Fatalf("WordString(%q) != Word", s)
		}
		for n := range 129 {
			want := false
			for _, c := range w {
				want = want || int(c) < n
			}
			if got := Less(x, byte(n)); got != want {
				t.Fatalf("Less(%x, %d) = %v", w, n, got)
			}
		}
		for n := range 128 {
			want, has := false, false
			for _, c := range w {
				want = want || int(c) > n
				has = has || int(c) == n
			}
			if got := Above(x, byte(n)); got != want {
				t.Fatalf("Above(%x, %d) = %v", w, n, got)
			}
			if got := Has(x, byte(n)); got != has {
				t.Fatalf("Has(%x, %d) = %v", w, n, got)
			}
			var mask uint64
			pair := false
			for i, c := range w {
				if int(c) == n {
					mask |= 0x80 << (8 * i)
					pair = pair || i > 0 && w[i-1] == c
				}
			}
			if got := Equal(x, byte(n)); got != mask {
				t.Fatalf("Equal(%x, %d) = %x, want %x", w, n, got, mask)
			}
			if got := Pair(x, byte(n)); got != pair {
				t.Fatalf("Pair(%x, %d) = %v", w, n, got)
			}
		}
		for _, c := range []byte{0x80, 0xc3, 0xff} {
			has := false
			for _, b := range w {
				has = has || b == c
			}
			if Has(x, c) != has {
				t.Fatalf("Has(%x, %#x) = %v", w, c, !has)
			}
		}
	}
	if b := []byte("0123456789"); Word(b, 2) != WordString("23456789", 0) {
		t.Error("Word does not start at i")
	}
}
