package chaos

import "testing"

func in(p int, off int64, key string) Input {
	return Input{Coord: Coord{"tickets", p, off}, Key: key}
}

func out(stream string, pos int64, p int, off int64) Output {
	return Output{Stream: stream, Pos: pos, Input: Coord{"tickets", p, off}}
}

func TestAnalyseRedeliveryIsNotAnInversion(t *testing.T) {
	inputs := []Input{in(0, 10, "k"), in(0, 11, "k"), in(0, 12, "k"), in(0, 13, "k")}
	// Crash after 10..12 were published, restart from 10: 10..12 again, then 13.
	outs := []Output{out("routed/0", 0, 0, 10), out("routed/0", 1, 0, 11), out("routed/0", 2, 0, 12),
		out("routed/0", 3, 0, 10), out("routed/0", 4, 0, 11), out("routed/0", 5, 0, 12), out("routed/0", 6, 0, 13)}
	d := Analyse(inputs, outs)
	if d.Lost != 0 || d.Inversions != 0 || d.Duplicates != 3 || d.DuplicatedRecords != 3 || d.Redeliveries != 3 {
		t.Fatalf("got %+v, want 0 lost, 0 inversions, 3 duplicates of 3 records", d)
	}
}

func TestAnalyseInversion(t *testing.T) {
	inputs := []Input{in(0, 5, "k"), in(0, 6, "k"), in(0, 7, "k"), in(0, 8, "other")}
	// 6 and 7 published before 5 ever was: 5 is an inversion. The other
	// key's offset 8 does not order key k.
	outs := []Output{out("routed/1", 0, 0, 8), out("routed/0", 0, 0, 6), out("routed/0", 1, 0, 7), out("routed/0", 2, 0, 5)}
	d := Analyse(inputs, outs)
	if d.Inversions != 1 || d.Lost != 0 || d.Duplicates != 0 {
		t.Fatalf("got %+v, want exactly one inversion", d)
	}
	if inv := d.InversionSample[0]; inv.Input.Offset != 5 || inv.After != 7 || inv.Stream != "routed/0" || inv.Pos != 2 {
		t.Errorf("inversion = %+v, want offset 5 after 7 at routed/0@2", inv)
	}
}

func TestAnalyseOrderIsPerInputPartitionAndStream(t *testing.T) {
	// Same key on two input partitions, and a dead letter in its own stream:
	// none of these orders another.
	inputs := []Input{in(0, 9, "k"), in(1, 2, "k"), in(0, 3, "k")}
	outs := []Output{out("routed/0", 0, 0, 9), out("routed/0", 1, 1, 2),
		{Stream: "dlq/0", Pos: 0, Input: Coord{"tickets", 0, 3}, DeadLetter: true}}
	d := Analyse(inputs, outs)
	if d.Inversions != 0 || d.Lost != 0 || d.DeadLetters != 1 || d.Events != 2 {
		t.Fatalf("got %+v, want no inversion, 2 events, 1 dead letter", d)
	}
}

func TestAnalyseLostDuplicatedUnknown(t *testing.T) {
	inputs := []Input{in(0, 0, "a"), in(0, 1, "b"), in(0, 2, "c")}
	outs := []Output{
		out("routed/0", 0, 0, 0), out("routed/0", 1, 0, 0), out("routed/0", 2, 0, 0), // 0 three times
		{Stream: "dlq/0", Pos: 0, Input: Coord{"tickets", 0, 1}, DeadLetter: true},
		out("routed/0", 3, 0, 99), // names no input
	}
	d := Analyse(inputs, outs)
	if d.Lost != 1 || d.LostSample[0].Offset != 2 || d.Duplicates != 2 || d.DuplicatedRecords != 1 || d.Unknown != 1 {
		t.Fatalf("got %+v, want lost [2], 2 duplicates of 1 record, 1 unknown", d)
	}
}

func TestAnalyseSortsEachStreamByPosition(t *testing.T) {
	inputs := []Input{in(0, 1, "k"), in(0, 2, "k")}
	// Given out of order; positions say 1 was published first.
	outs := []Output{out("routed/0", 7, 0, 2), out("routed/0", 3, 0, 1)}
	if d := Analyse(inputs, outs); d.Inversions != 0 {
		t.Fatalf("got %+v, want no inversion once sorted by position", d)
	}
}

func TestKeyIDHashesLongKeys(t *testing.T) {
	long := make([]byte, 600<<10)
	if id := KeyID(long); len(id) != len("sha256:")+64 {
		t.Fatalf("KeyID of a 600 KB key = %d bytes, want a hash", len(id))
	}
	if KeyID([]byte("cus_1")) != "cus_1" || KeyID(nil) != "" {
		t.Fatal("short keys must be kept verbatim")
	}
}
