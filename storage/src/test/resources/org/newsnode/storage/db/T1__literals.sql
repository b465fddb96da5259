-- a script whose literals hold what a line splitter takes for syntax; a comment too: x; -- y
CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(100));
INSERT INTO t VALUES (1, 'one; two');
INSERT INTO t VALUES (2, 'three -- four');
/* a block comment; with a semicolon */
INSERT INTO t VALUES (3, 'five;
six');
