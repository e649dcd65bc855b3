// A header of the depfile test: a change to it must make the object out of date.
#define DEP_HEADER_VALUE 3
