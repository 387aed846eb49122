/** The console's words for replaced parts at closing and the pending devices teachers reported (zh-CN.ts and en.ts take them in). */
export const pendingAssetZh = {
  replacedParts: '更换的部件',
  replacedPartsHint: '勾选本次维修更换的部件（记入设备台账，更换的部件按合同另享质保）。',
  replacedPartsOther: '其他部件（用逗号分隔）',
};

export const pendingAssetEn: Readonly<Record<keyof typeof pendingAssetZh, string>> = {
  replacedParts: 'Replaced parts',
  replacedPartsHint:
    'Tick the parts replaced in this repair (they go on the asset: a replaced part has its own warranty under the contract).',
  replacedPartsOther: 'Other parts (separated by commas)',
};
