/**
 * Character tables for the two CJK radical blocks that PDF-to-text tools emit instead of ordinary ideographs.
 *
 * SUPPLEMENT_EQUIVALENTS covers every assigned code point of CJK Radicals Supplement (U+2E80–U+2EF3).
 * NFKC leaves this block untouched, so the table is needed. It was generated from Unicode 14's
 * EquivalentUnifiedIdeograph data (Perl's unicore/To/EqUIdeo.pl). U+2E80 has no equivalent in the
 * data; it is mapped by hand to 冫 (the two-dot shape it stands for in running text).
 */
export const SUPPLEMENT_EQUIVALENTS: Readonly<Record<string, string>> = {
  "\u{2E80}": "冫", // Repeat → no data entry; closest ideograph by shape
  "\u{2E81}": "厂", // Cliff → U+5382
  "\u{2E82}": "乛", // Second One → U+4E5B
  "\u{2E83}": "乚", // Second Two → U+4E5A
  "\u{2E84}": "乙", // Second Three → U+4E59
  "\u{2E85}": "亻", // Person → U+4EBB
  "\u{2E86}": "冂", // Box → U+5182
  "\u{2E87}": "𠘨", // Table → U+20628
  "\u{2E88}": "刀", // Knife One → U+5200
  "\u{2E89}": "刂", // Knife Two → U+5202
  "\u{2E8A}": "卜", // Divination → U+535C
  "\u{2E8B}": "㔾", // Seal → U+353E
  "\u{2E8C}": "小", // Small One → U+5C0F
  "\u{2E8D}": "小", // Small Two → U+5C0F
  "\u{2E8E}": "兀", // Lame One → U+5140
  "\u{2E8F}": "尣", // Lame Two → U+5C23
  "\u{2E90}": "尢", // Lame Three → U+5C22
  "\u{2E91}": "𡯂", // Lame Four → U+21BC2
  "\u{2E92}": "巳", // Snake → U+5DF3
  "\u{2E93}": "幺", // Thread → U+5E7A
  "\u{2E94}": "彑", // Snout One → U+5F51
  "\u{2E95}": "彐", // Snout Two → U+5F50
  "\u{2E96}": "忄", // Heart One → U+5FC4
  "\u{2E97}": "心", // Heart Two → U+5FC3
  "\u{2E98}": "扌", // Hand → U+624C
  "\u{2E99}": "攵", // Rap → U+6535
  "\u{2E9B}": "旡", // Choke → U+65E1
  "\u{2E9C}": "日", // Sun → U+65E5
  "\u{2E9D}": "月", // Moon → U+6708
  "\u{2E9E}": "歺", // Death → U+6B7A
  "\u{2E9F}": "母", // Mother → U+6BCD
  "\u{2EA0}": "民", // Civilian → U+6C11
  "\u{2EA1}": "氵", // Water One → U+6C35
  "\u{2EA2}": "氺", // Water Two → U+6C3A
  "\u{2EA3}": "灬", // Fire → U+706C
  "\u{2EA4}": "爫", // Paw One → U+722B
  "\u{2EA5}": "爫", // Paw Two → U+722B
  "\u{2EA6}": "丬", // Simplified Half Tree Trunk → U+4E2C
  "\u{2EA7}": "牛", // Cow → U+725B
  "\u{2EA8}": "犭", // Dog → U+72AD
  "\u{2EA9}": "王", // Jade → U+738B
  "\u{2EAA}": "𤴔", // Bolt Of Cloth → U+24D14
  "\u{2EAB}": "目", // Eye → U+76EE
  "\u{2EAC}": "示", // Spirit One → U+793A
  "\u{2EAD}": "礻", // Spirit Two → U+793B
  "\u{2EAE}": "𥫗", // Bamboo → U+25AD7
  "\u{2EAF}": "糹", // Silk → U+7CF9
  "\u{2EB0}": "纟", // C-Simplified Silk → U+7E9F
  "\u{2EB1}": "罓", // Net One → U+7F53
  "\u{2EB2}": "罒", // Net Two → U+7F52
  "\u{2EB3}": "㓁", // Net Three → U+34C1
  "\u{2EB4}": "冗", // Net Four → U+5197
  "\u{2EB5}": "𦉫", // Mesh → U+2626B
  "\u{2EB6}": "羊", // Sheep → U+7F8A
  "\u{2EB7}": "𦍌", // Ram → U+2634C
  "\u{2EB8}": "𦍋", // Ewe → U+2634B
  "\u{2EB9}": "耂", // Old → U+8002
  "\u{2EBA}": "肀", // Brush One → U+8080
  "\u{2EBB}": "聿", // Brush Two → U+807F
  "\u{2EBC}": "肉", // Meat → U+8089
  "\u{2EBD}": "𦥑", // Mortar → U+26951
  "\u{2EBE}": "艹", // Grass One → U+8279
  "\u{2EBF}": "艹", // Grass Two → U+8279
  "\u{2EC0}": "艹", // Grass Three → U+8279
  "\u{2EC1}": "虎", // Tiger → U+864E
  "\u{2EC2}": "衤", // Clothes → U+8864
  "\u{2EC3}": "覀", // West One → U+8980
  "\u{2EC4}": "西", // West Two → U+897F
  "\u{2EC5}": "见", // C-Simplified See → U+89C1
  "\u{2EC6}": "角", // Simplified Horn → U+89D2
  "\u{2EC7}": "𧢲", // Horn → U+278B2
  "\u{2EC8}": "讠", // C-Simplified Speech → U+8BA0
  "\u{2EC9}": "贝", // C-Simplified Shell → U+8D1D
  "\u{2ECA}": "𧾷", // Foot → U+27FB7
  "\u{2ECB}": "车", // C-Simplified Cart → U+8F66
  "\u{2ECC}": "辶", // Simplified Walk → U+8FB6
  "\u{2ECD}": "辶", // Walk One → U+8FB6
  "\u{2ECE}": "辶", // Walk Two → U+8FB6
  "\u{2ECF}": "邑", // City → U+9091
  "\u{2ED0}": "钅", // C-Simplified Gold → U+9485
  "\u{2ED1}": "長", // Long One → U+9577
  "\u{2ED2}": "镸", // Long Two → U+9578
  "\u{2ED3}": "长", // C-Simplified Long → U+957F
  "\u{2ED4}": "门", // C-Simplified Gate → U+95E8
  "\u{2ED5}": "𨸏", // Mound One → U+28E0F
  "\u{2ED6}": "阝", // Mound Two → U+961D
  "\u{2ED7}": "雨", // Rain → U+96E8
  "\u{2ED8}": "青", // Blue → U+9752
  "\u{2ED9}": "韦", // C-Simplified Tanned Leather → U+97E6
  "\u{2EDA}": "页", // C-Simplified Leaf → U+9875
  "\u{2EDB}": "风", // C-Simplified Wind → U+98CE
  "\u{2EDC}": "飞", // C-Simplified Fly → U+98DE
  "\u{2EDD}": "食", // Eat One → U+98DF
  "\u{2EDE}": "𩙿", // Eat Two → U+2967F
  "\u{2EDF}": "飠", // Eat Three → U+98E0
  "\u{2EE0}": "饣", // C-Simplified Eat → U+9963
  "\u{2EE1}": "𩠐", // Head → U+29810
  "\u{2EE2}": "马", // C-Simplified Horse → U+9A6C
  "\u{2EE3}": "骨", // Bone → U+9AA8
  "\u{2EE4}": "鬼", // Ghost → U+9B3C
  "\u{2EE5}": "鱼", // C-Simplified Fish → U+9C7C
  "\u{2EE6}": "鸟", // C-Simplified Bird → U+9E1F
  "\u{2EE7}": "卤", // C-Simplified Salt → U+5364
  "\u{2EE8}": "麦", // Simplified Wheat → U+9EA6
  "\u{2EE9}": "黄", // Simplified Yellow → U+9EC4
  "\u{2EEA}": "黾", // C-Simplified Frog → U+9EFE
  "\u{2EEB}": "斉", // J-Simplified Even → U+6589
  "\u{2EEC}": "齐", // C-Simplified Even → U+9F50
  "\u{2EED}": "歯", // J-Simplified Tooth → U+6B6F
  "\u{2EEE}": "齿", // C-Simplified Tooth → U+9F7F
  "\u{2EEF}": "竜", // J-Simplified Dragon → U+7ADC
  "\u{2EF0}": "龙", // C-Simplified Dragon → U+9F99
  "\u{2EF1}": "龜", // Turtle → U+9F9C
  "\u{2EF2}": "亀", // J-Simplified Turtle → U+4E80
  "\u{2EF3}": "龟", // C-Simplified Turtle → U+9F9F
};

/**
 * Traditional or Japanese forms that the radical mappings produce (NFKC of Kangxi radicals gives e.g. 戶 門 長,
 * the Supplement data gives 長 斉 竜) mapped to the simplified form the Simplified-Chinese sources mean.
 * Applied only to characters that came from a radical, never to ordinary text.
 */
export const SIMPLIFIED_PREFERENCE: Readonly<Record<string, string>> = {
  戶: "户",
  見: "见",
  貝: "贝",
  車: "车",
  長: "长",
  門: "门",
  靑: "青",
  韋: "韦",
  頁: "页",
  風: "风",
  飛: "飞",
  馬: "马",
  鬥: "斗",
  魚: "鱼",
  鳥: "鸟",
  鹵: "卤",
  麥: "麦",
  黃: "黄",
  黽: "黾",
  齊: "齐",
  齒: "齿",
  龍: "龙",
  龜: "龟",
  斉: "齐",
  歯: "齿",
  竜: "龙",
  亀: "龟",
};
