package sessionmanager

import (
	"math"
	"reflect"
	"testing"

	"google.golang.org/protobuf/types/known/structpb"
)

func TestMetadataRoundTrip(t *testing.T) {
	type point struct {
		X int `json:"x"`
		Y int `json:"y"`
	}
	in := map[string]any{
		"language": "go",
		"step":     2,
		"ratio":    2.5,
		"negative": int64(-7),
		"done":     true,
		"nothing":  nil,
		"tags":     []string{"a", "b"},
		"mixed":    []any{1, "two", 3.25, false, nil},
		"nested":   map[string]any{"depth": uint8(1), "inner": map[string]int{"n": 3}},
		"point":    point{X: 1, Y: -2},
	}
	s, err := MetadataToStruct(in)
	if err != nil {
		t.Fatalf("MetadataToStruct: %v", err)
	}
	if got := s.GetFields()["step"].GetNumberValue(); got != 2 {
		t.Errorf("step travels as %v, want the double 2", got)
	}

	got := MetadataFromStruct(s)
	want := map[string]any{
		"language": "go",
		"step":     int64(2),
		"ratio":    2.5,
		"negative": int64(-7),
		"done":     true,
		"nothing":  nil,
		"tags":     []any{"a", "b"},
		"mixed":    []any{int64(1), "two", 3.25, false, nil},
		"nested":   map[string]any{"depth": int64(1), "inner": map[string]any{"n": int64(3)}},
		"point":    map[string]any{"x": int64(1), "y": int64(-2)},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("round trip:\n got  %#v\n want %#v", got, want)
	}
}

func TestMetadataFromStructNumbers(t *testing.T) {
	tests := []struct {
		in   float64
		want any
	}{
		{0, int64(0)},
		{-3, int64(-3)},
		{0.1, 0.1},
		{1 << 53, int64(1 << 53)},
		{-(1 << 53), int64(-(1 << 53))},
		// Beyond 2^53 a double no longer counts every integer: kept as is.
		{1 << 60, float64(1 << 60)},
		{1e300, 1e300},
		{math.Inf(1), math.Inf(1)},
	}
	for _, tt := range tests {
		s := &structpb.Struct{Fields: map[string]*structpb.Value{
			"n": structpb.NewNumberValue(tt.in),
		}}
		got := MetadataFromStruct(s)["n"]
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("number %v: got %#v, want %#v", tt.in, got, tt.want)
		}
	}
}

func TestMetadataEmpty(t *testing.T) {
	s, err := MetadataToStruct(nil)
	if err != nil {
		t.Fatalf("MetadataToStruct(nil): %v", err)
	}
	if len(s.GetFields()) != 0 {
		t.Errorf("MetadataToStruct(nil) = %v, want an empty Struct", s)
	}
	got := MetadataFromStruct(nil)
	if got == nil || len(got) != 0 {
		t.Errorf("MetadataFromStruct(nil) = %#v, want an empty non-nil map", got)
	}
}

func TestMetadataToStructRejectsNonJSON(t *testing.T) {
	for name, value := range map[string]any{
		"channel": make(chan int),
		"NaN":     math.NaN(),
		"func":    func() {},
	} {
		if _, err := MetadataToStruct(map[string]any{"bad": value}); err == nil {
			t.Errorf("%s: MetadataToStruct accepted a value JSON cannot encode", name)
		}
	}
}
